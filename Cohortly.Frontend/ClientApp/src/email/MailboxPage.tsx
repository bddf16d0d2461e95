import { useState } from 'preact/hooks';
import { readDevMailbox, type DevMailboxMessage } from './api';
import { formatDateTime } from '../shared/format';
import { LoadState, useLoad } from '../shared/load';
import { Page } from '../shared/page';
import './email.css';

/**
 * Admin, embedded mode: what the embedded email transport "sent", newest first. A message opens below the list in a
 * sandboxed frame: no scripts, no same-origin access, so an email's HTML cannot act as the app.
 */
export function MailboxPage() {
  const mailbox = useLoad((signal) => readDevMailbox(signal), []);
  const [open, setOpen] = useState<DevMailboxMessage | null>(null);
  return (
    <Page title="Dev mailbox" heading="Dev mailbox" width="wide" testId="dev-mailbox-page" lead="Emails the embedded mode delivered instead of sending them: the newest 100.">
      <p>
        <button type="button" class="btn btn-secondary btn-small" onClick={mailbox.retry} disabled={mailbox.busy}>
          Refresh
        </button>
      </p>
      <LoadState load={mailbox} busyLabel="Reading the mailbox…" failure="The mailbox could not be read">
        {(loaded) =>
          loaded.items.length === 0 ? (
            <p class="empty">No emails yet.</p>
          ) : (
            <ul class="mailbox-list" data-testid="mailbox-list">
              {loaded.items.map((message) => (
                <li key={message.messageId} class="mailbox-item">
                  <div class="mailbox-summary">
                    <strong class="mailbox-subject">{message.subject}</strong>
                    <span class="muted small">
                      To {message.to} · {formatDateTime(message.sentAt)}
                    </span>
                  </div>
                  <button
                    type="button"
                    class="btn btn-secondary btn-small"
                    aria-expanded={open?.messageId === message.messageId ? 'true' : 'false'}
                    onClick={() => setOpen(open?.messageId === message.messageId ? null : message)}
                  >
                    {open?.messageId === message.messageId ? 'Close' : 'Open'}
                    <span class="visually-hidden"> “{message.subject}”</span>
                  </button>
                  {open?.messageId === message.messageId ? (
                    <iframe class="mailbox-frame" title={`Email: ${message.subject}`} sandbox="" srcDoc={message.html || `<pre>${escapeHtml(message.text)}</pre>`} />
                  ) : null}
                </li>
              ))}
            </ul>
          )
        }
      </LoadState>
    </Page>
  );
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
