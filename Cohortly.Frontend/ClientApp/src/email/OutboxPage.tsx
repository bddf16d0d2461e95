import { useState } from 'preact/hooks';
import { listOutbox, retryEmail, runWeeklyReports, type OutboxItem, type OutboxStatus } from './api';
import { formatDateTime } from '../shared/format';
import { LoadState, useLoad } from '../shared/load';
import { Page } from '../shared/page';
import { Pager } from '../shared/pager';
import { errorMessage } from '../shared/problem';
import { toast } from '../shared/toasts';
import './email.css';

const PAGE_SIZE = 25;
const filters: { value: OutboxStatus | null; label: string }[] = [
  { value: null, label: 'All' },
  { value: 'queued', label: 'Queued' },
  { value: 'sent', label: 'Sent' },
  { value: 'failed', label: 'Failed' },
];

/** Admin: the email outbox, newest first, filtered by status, with a retry button for failed emails. */
export function OutboxPage() {
  const [status, setStatus] = useState<OutboxStatus | null>(null);
  const [page, setPage] = useState(1);
  const outbox = useLoad((signal) => listOutbox({ status, page, pageSize: PAGE_SIZE }, signal), [status, page]);
  const [retrying, setRetrying] = useState<string | null>(null);
  const [running, setRunning] = useState(false);

  const retry = async (item: OutboxItem) => {
    setRetrying(item.messageId);
    try {
      await retryEmail(item.messageId);
      toast.success(`Sending the email to ${item.to} again.`);
      outbox.retry();
    } catch (error) {
      toast.error(errorMessage(error));
    } finally {
      setRetrying(null);
    }
  };

  const runReports = async () => {
    setRunning(true);
    try {
      const { reports } = await runWeeklyReports();
      toast.success(`Weekly reports queued for ${reports} enrolled students (at most one per student, bootcamp and week).`);
      outbox.retry();
    } catch (error) {
      toast.error(errorMessage(error));
    } finally {
      setRunning(false);
    }
  };

  return (
    <Page title="Email outbox" heading="Email outbox" width="wide" testId="email-outbox-page" lead="Every email the platform sends: queued, sent or failed, with its attempts and last error.">
      <div class="outbox-toolbar">
        <div class="segmented" role="group" aria-label="Show">
          {filters.map((filter) => (
            <button key={filter.label} type="button" class={`btn btn-small ${status === filter.value ? 'btn-primary' : 'btn-secondary'}`}
              aria-pressed={status === filter.value} onClick={() => { setStatus(filter.value); setPage(1); }}>
              {filter.label}
            </button>
          ))}
        </div>
        <button type="button" class="btn btn-secondary btn-small" onClick={outbox.retry} disabled={outbox.busy}>
          Refresh
        </button>
        <button type="button" class="btn btn-secondary btn-small" onClick={runReports} disabled={running} aria-busy={running}>
          {running ? 'Queuing reports…' : 'Send weekly reports now'}
        </button>
      </div>
      <LoadState load={outbox} busyLabel="Loading the outbox…" failure="The outbox could not be loaded">
        {(result) => (
          <>
            {result.items.length === 0 ? (
              <p class="muted" data-testid="outbox-empty">
                No emails here.
              </p>
            ) : (
              <div class="table-wrap" tabIndex={0} role="region" aria-label="Email outbox">
                <table class="table table-stack" data-testid="outbox-table">
                  <thead>
                    <tr>
                      <th scope="col">To</th>
                      <th scope="col">Template</th>
                      <th scope="col">Status</th>
                      <th scope="col">Attempts</th>
                      <th scope="col">Last error</th>
                      <th scope="col">Queued</th>
                      <th scope="col"><span class="visually-hidden">Actions</span></th>
                    </tr>
                  </thead>
                  <tbody>
                    {result.items.map((item) => (
                      <tr key={item.messageId} data-testid="outbox-row">
                        <td data-label="To">{item.to}</td>
                        <td data-label="Template">{item.template}</td>
                        <td data-label="Status"><span class={`status status-${item.status}`}>{item.status}</span></td>
                        <td data-label="Attempts">{item.attempts}</td>
                        <td class="outbox-error" data-label="Last error">{item.lastError ?? ''}</td>
                        <td data-label="Queued">{formatDateTime(item.queuedAt)}</td>
                        <td>
                          {item.status === 'failed' ? (
                            <button type="button" class="btn btn-secondary btn-small" onClick={() => retry(item)} disabled={retrying === item.messageId}
                              aria-label={`Retry the ${item.template} email to ${item.to}`}>
                              {retrying === item.messageId ? 'Retrying…' : 'Retry'}
                            </button>
                          ) : null}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            <Pager page={page} pageSize={PAGE_SIZE} total={result.total} onPage={setPage} busy={outbox.busy} label="Outbox pages" />
          </>
        )}
      </LoadState>
    </Page>
  );
}
