import { useEffect, useId, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { chatHistory, CHAT_MAX_LENGTH, type ChatMessage } from './api';
import { ChatText } from './chatText';
import { holdRoom, onChatMessage, onConnected, retryRoom, sendChatMessage, useLive, useRoom } from './live';
import { formatDateTime } from '../shared/format';
import { useAuth } from '../shared/auth';
import { LoadState, useLoad } from '../shared/load';
import { errorMessage } from '../shared/problem';
import './notifications.css';

const timeFormat = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });

/** Today's messages show the time only; older ones the date too. */
function formatSentAt(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return date.toDateString() === new Date().toDateString() ? timeFormat.format(date) : formatDateTime(iso);
}

const PAGE = 50;
/** After a reconnect, this many recent messages are fetched to fill the gap. */
const GAP_FILL = 100;

/** Messages by sequence, without duplicates (the same message can come live and in the history). */
function merge(current: readonly ChatMessage[], incoming: readonly ChatMessage[]): ChatMessage[] {
  const byId = new Map<string, ChatMessage>();
  for (const m of current) byId.set(m.messageId, m);
  for (const m of incoming) byId.set(m.messageId, m);
  return [...byId.values()].sort((a, b) => a.sequence - b.sequence);
}

/**
 * A bootcamp's chat room: joins it over the live connection, loads the latest messages (oldest first),
 * "Load older" pages back by sequence, live messages append, and a reconnect rejoins and fills the gap.
 * `@Display Name` mentions are plain text: the server finds them and notifies the people named; the reader sees their
 * own highlighted, and links are clickable.
 */
export function ChatPanel(props: { bootcampId: string }) {
  const { bootcampId } = props;
  const auth = useAuth();
  const live = useLive();
  const room = useRoom(bootcampId);
  const [messages, setMessages] = useState<ChatMessage[]>([]);
  const [hasOlder, setHasOlder] = useState(false);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [text, setText] = useState('');
  const [sending, setSending] = useState(false);
  const [sendError, setSendError] = useState<string | null>(null);
  const logRef = useRef<HTMLDivElement>(null);
  const messagesRef = useRef(messages);
  messagesRef.current = messages;
  const inputRef = useRef<HTMLInputElement>(null);
  /** Where to keep the scroll after the next render: stick to the bottom, or keep the view (older loaded). */
  const scrollIntent = useRef<{ kind: 'bottom' } | { kind: 'keep'; fromBottom: number } | null>({ kind: 'bottom' });
  const inputId = useId();
  const errorId = `${inputId}-error`;
  const counterId = `${inputId}-count`;

  // Join the room while the panel is open (and again after every reconnect: live.ts does that).
  useEffect(() => holdRoom(bootcampId), [bootcampId]);

  // The latest messages, merged with any that came live meanwhile.
  const latest = useLoad((signal) => chatHistory(bootcampId, { limit: PAGE }, signal), [bootcampId]);
  useEffect(() => {
    if (!latest.data) return;
    const { items } = latest.data;
    scrollIntent.current = { kind: 'bottom' };
    setMessages((current) => merge(current, items));
    setHasOlder(items.length >= PAGE);
  }, [latest.data]);

  // Live messages for this room.
  useEffect(
    () =>
      onChatMessage((message) => {
        if (message.bootcampId !== bootcampId) return;
        if (isNearBottom(logRef.current) || message.fromUserId === (auth.status === 'signed-in' ? auth.user.userId : null)) {
          scrollIntent.current = { kind: 'bottom' };
        }
        setMessages((current) => merge(current, [message]));
      }),
    [bootcampId, auth.status === 'signed-in' ? auth.user.userId : null],
  );

  // Back after a drop: fetch what was said meanwhile. If more was said than one page holds, start again
  // from the latest page (no hole in the middle; "Load older" reaches the rest).
  useEffect(
    () =>
      onConnected(() => {
        chatHistory(bootcampId, { limit: GAP_FILL })
          .then((page) => {
            const current = messagesRef.current;
            if (current.length === 0) return; // the first load is still coming (or failed: it has its own retry)
            const newestKnown = current[current.length - 1].sequence;
            const missed = page.items.filter((m) => m.sequence > newestKnown);
            if (missed.length === 0) return;
            if (isNearBottom(logRef.current)) scrollIntent.current = { kind: 'bottom' };
            if (page.items.length >= GAP_FILL && missed[0].sequence > newestKnown + 1 && missed.length === page.items.length) {
              setHasOlder(true);
              setMessages(page.items);
            } else {
              setMessages((latest) => merge(latest, missed));
            }
          })
          .catch(() => undefined);
      }),
    [bootcampId],
  );

  useLayoutEffect(() => {
    const log = logRef.current;
    const intent = scrollIntent.current;
    if (!log || !intent) return;
    if (intent.kind === 'bottom') log.scrollTop = log.scrollHeight;
    else log.scrollTop = log.scrollHeight - intent.fromBottom;
    scrollIntent.current = null;
  }, [messages]);

  const loadOlder = async () => {
    const oldest = messages[0];
    if (!oldest || loadingOlder) return;
    setLoadingOlder(true);
    try {
      const page = await chatHistory(bootcampId, { before: oldest.sequence, limit: PAGE });
      const log = logRef.current;
      scrollIntent.current = { kind: 'keep', fromBottom: log ? log.scrollHeight - log.scrollTop : 0 };
      setMessages((current) => merge(current, page.items));
      setHasOlder(page.items.length >= PAGE && page.items[0]?.sequence > 1);
    } catch (error) {
      setSendError(`Older messages could not be loaded: ${errorMessage(error)}`);
    } finally {
      setLoadingOlder(false);
    }
  };

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    if (sending) return;
    const message = text.trim();
    if (!message) {
      setSendError('Write a message first.');
      inputRef.current?.focus();
      return;
    }
    if (message.length > CHAT_MAX_LENGTH) {
      setSendError(`A message has at most ${CHAT_MAX_LENGTH} characters.`);
      return;
    }
    setSending(true);
    setSendError(null);
    try {
      await sendChatMessage(bootcampId, message);
      setText('');
    } catch (error) {
      setSendError(error instanceof Error ? error.message : 'The message could not be sent.');
    } finally {
      setSending(false);
      inputRef.current?.focus();
    }
  };

  const connected = live.status === 'connected';
  const userId = auth.status === 'signed-in' ? auth.user.userId : null;
  const readerName = auth.status === 'signed-in' ? auth.user.displayName : null;
  const statusText =
    live.status === 'reconnecting'
      ? 'Reconnecting… messages sent meanwhile appear when the connection is back.'
      : live.status === 'connecting'
        ? 'Connecting to the live chat…'
        : room.status === 'joining' && connected
          ? 'Joining the room…'
          : null;

  return (
    <div class="chat" data-testid="chat-panel">
      {statusText ? (
        <p class="chat-status" role="status" data-testid="chat-status">
          <span class="spinner spinner-dark" aria-hidden="true" /> {statusText}
        </p>
      ) : null}
      {room.status === 'error' ? (
        <div class="alert alert-error" role="alert" data-testid="chat-join-error">
          {room.message}{' '}
          <button type="button" class="link-button" onClick={() => retryRoom(bootcampId)}>
            Try again
          </button>
        </div>
      ) : null}

      <div class="chat-log" ref={logRef} role="log" aria-label="Conversation" aria-live="polite" aria-busy={latest.busy ? 'true' : undefined} tabIndex={0}>
        {hasOlder ? (
          <p class="chat-older">
            <button type="button" class="btn btn-ghost btn-small" onClick={loadOlder} disabled={loadingOlder} aria-busy={loadingOlder ? 'true' : undefined} data-testid="chat-load-older">
              {loadingOlder ? <span class="spinner spinner-dark" aria-hidden="true" /> : null}
              {loadingOlder ? 'Loading…' : 'Load older'}
            </button>
          </p>
        ) : null}
        <LoadState load={latest} busyLabel="Loading the conversation…" failure="The chat could not be loaded">
          {() => (messages.length === 0 ? <p class="chat-empty muted">No messages yet. Say hello!</p> : null)}
        </LoadState>
        <ol class="chat-messages">
          {messages.map((m, i) => {
            const mine = m.fromUserId === userId;
            const grouped = i > 0 && messages[i - 1].fromUserId === m.fromUserId && Date.parse(m.sentAt) - Date.parse(messages[i - 1].sentAt) < 5 * 60_000;
            return (
              <li key={m.messageId} class={`chat-message${mine ? ' is-mine' : ''}${grouped ? ' is-grouped' : ''}`} data-testid="chat-message" data-sequence={m.sequence} data-from={m.fromUserId}>
                <p class={`chat-meta${grouped ? ' visually-hidden' : ''}`}>
                  <span class="chat-author">{mine ? 'You' : m.fromDisplayName || 'Someone'}</span>{' '}
                  <time class="chat-time" dateTime={m.sentAt} title={formatDateTime(m.sentAt)}>
                    {formatSentAt(m.sentAt)}
                  </time>
                </p>
                <p class="chat-text">
                  <ChatText text={m.text} readerName={mine ? null : readerName} />
                </p>
              </li>
            );
          })}
        </ol>
      </div>

      <form class="chat-form" onSubmit={onSubmit} noValidate>
        {sendError ? (
          <div id={errorId} class="alert alert-error chat-error" role="alert" data-testid="chat-error">
            {sendError}
          </div>
        ) : null}
        <div class="chat-compose">
          <label for={inputId} class="chat-label">
            Message
          </label>
          <input
            id={inputId}
            ref={inputRef}
            type="text"
            name="message"
            class="chat-input"
            value={text}
            onInput={(e) => {
              setText((e.currentTarget as HTMLInputElement).value);
              if (sendError) setSendError(null);
            }}
            maxLength={CHAT_MAX_LENGTH}
            autoComplete="off"
            enterKeyHint="send"
            aria-invalid={sendError ? 'true' : undefined}
            aria-describedby={[sendError ? errorId : null, counterId].filter(Boolean).join(' ')}
            data-testid="chat-input"
          />
          <button type="submit" class="btn btn-primary" disabled={sending} aria-busy={sending ? 'true' : undefined} data-testid="chat-send">
            {sending ? <span class="spinner" aria-hidden="true" /> : null}
            Send
          </button>
        </div>
        <p id={counterId} class="field-hint chat-hint">
          Enter sends. Mention someone with @ and their name, e.g. @Ada Lovelace.
          {text.length > CHAT_MAX_LENGTH - 200 ? ` ${CHAT_MAX_LENGTH - text.length} characters left.` : ''}
        </p>
      </form>
    </div>
  );
}

function isNearBottom(el: HTMLElement | null): boolean {
  if (!el) return true;
  return el.scrollHeight - el.scrollTop - el.clientHeight < 80;
}
