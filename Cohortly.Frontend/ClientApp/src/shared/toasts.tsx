import { Link } from './router';
import { createStore, useStore } from './store';

export type ToastKind = 'info' | 'success' | 'error' | 'notification';

export interface Toast {
  id: number;
  kind: ToastKind;
  message: string;
  /** A heading above the message (notification toasts). */
  title?: string;
  /** A page the toast leads to, with the link's text. */
  link?: { href: string; label: string };
}

const toastStore = createStore<Toast[]>([]);
let nextId = 1;

function show(kind: ToastKind, message: string, timeoutMs = kind === 'error' || kind === 'notification' ? 10_000 : 6_000, extra: Pick<Toast, 'title' | 'link'> = {}): number {
  const id = nextId++;
  toastStore.update((list) => {
    const kept = list.slice(-4);
    for (const dropped of list.slice(0, -4)) clearTimer(dropped.id);
    return [...kept, { id, kind, message, ...extra }];
  });
  if (timeoutMs > 0) startTimer(id, timeoutMs);
  return id;
}

const timers = new Map<number, number>();

function startTimer(id: number, ms: number): void {
  clearTimer(id);
  timers.set(id, window.setTimeout(() => dismiss(id), ms));
}

function clearTimer(id: number): void {
  window.clearTimeout(timers.get(id));
  timers.delete(id);
}

export function dismiss(id: number): void {
  clearTimer(id);
  toastStore.update((list) => list.filter((t) => t.id !== id));
}

/** A toast stays while the pointer or keyboard focus is on it (time to read it or reach its link). */
function hold(id: number): void {
  clearTimer(id);
}

function release(id: number): void {
  if (toastStore.get().some((t) => t.id === id)) startTimer(id, 4_000);
}

export const toast = {
  info: (message: string) => show('info', message),
  success: (message: string) => show('success', message),
  error: (message: string) => show('error', message),
  /** A live notification: title, body and an optional link (`data-testid="toast-notification"`). */
  notification: (title: string, body: string, link?: { href: string; label: string }) => show('notification', body, undefined, { title, link }),
};

/**
 * The toast area. Two live regions exist from the first render so screen readers announce what is
 * added: polite (role=status) for info/success, assertive (role=alert) for errors.
 */
export function ToastRegion() {
  const toasts = useStore(toastStore);
  const render = (kind: 'polite' | 'error') =>
    toasts
      .filter((t) => (kind === 'error' ? t.kind === 'error' : t.kind !== 'error'))
      .map((t) => (
        <div
          key={t.id}
          class={`toast toast-${t.kind}`}
          data-testid={`toast-${t.kind}`}
          onMouseEnter={() => hold(t.id)}
          onMouseLeave={() => release(t.id)}
          onFocusIn={() => hold(t.id)}
          onFocusOut={(e) => {
            if (!(e.currentTarget as HTMLElement).contains(e.relatedTarget as Node | null)) release(t.id);
          }}
        >
          <span class="toast-icon" aria-hidden="true">
            {t.kind === 'error' ? '!' : t.kind === 'success' ? '✓' : t.kind === 'notification' ? '★' : 'i'}
          </span>
          {t.title || t.link ? (
            <div class="toast-body">
              {t.title ? <p class="toast-title">{t.title}</p> : null}
              {t.message ? <p class="toast-message">{t.message}</p> : null}
              {t.link ? (
                <Link class="toast-link" href={t.link.href} onClick={() => dismiss(t.id)}>
                  {t.link.label}
                </Link>
              ) : null}
            </div>
          ) : (
            <p class="toast-message">{t.message}</p>
          )}
          <button type="button" class="toast-close" onClick={() => dismiss(t.id)} aria-label="Dismiss notification">
            ×
          </button>
        </div>
      ));
  return (
    <section class="toasts" aria-label="Notifications" data-testid="toasts">
      <div role="status" aria-live="polite" class="toast-stack">
        {render('polite')}
      </div>
      <div role="alert" aria-live="assertive" class="toast-stack">
        {render('error')}
      </div>
    </section>
  );
}
