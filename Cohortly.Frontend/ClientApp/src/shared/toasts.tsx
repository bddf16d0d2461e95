import { useEffect } from 'preact/hooks';
import { Link, useLocation } from './router';
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
  /** When it appeared: navigating away dismisses toasts older than the navigation. */
  shownAt: number;
  /** Another report of the same event (its live echo) was folded into this toast. */
  merged?: boolean;
}

/** Options of one toast: `key` names the event, so a local success and its live echo make one toast. */
export interface ToastOptions {
  key?: string;
}

/** How long a keyed toast absorbs another with the same key (the live echo arrives well within this). */
const ECHO_WINDOW_MS = 15_000;

/** At most this many toasts at once: a phone shows two, a wider screen four. */
function maxVisible(): number {
  return window.matchMedia('(max-width: 48rem)').matches ? 2 : 4;
}

/** Keys of recent toasts, with when they were shown. */
const recentKeys = new Map<string, { id: number; at: number }>();

/** The key a live notification's toast carries, so the page that caused it can use the same. */
export function eventKey(kind: string, subject: string | null | undefined): string {
  return `${kind}:${subject ?? ''}`;
}

const toastStore = createStore<Toast[]>([]);
let nextId = 1;

function show(kind: ToastKind, message: string, timeoutMs = kind === 'error' || kind === 'notification' ? 10_000 : 6_000, extra: Pick<Toast, 'title' | 'link'> & ToastOptions = {}): number {
  const now = Date.now();
  const { key, ...content } = extra;
  if (key) {
    for (const [k, seen] of recentKeys) if (now - seen.at > ECHO_WINDOW_MS) recentKeys.delete(k);
    const earlier = recentKeys.get(key);
    if (earlier) {
      // The same event again (a success shown here, then its live notification): keep one toast, with a link if either has one.
      toastStore.update((list) => list.map((t) => (t.id === earlier.id ? { ...t, merged: true, link: t.link ?? extra.link } : t)));
      return earlier.id;
    }
  }
  const id = nextId++;
  if (key) recentKeys.set(key, { id, at: now });
  const keep = maxVisible() - 1;
  toastStore.update((list) => {
    const kept = list.slice(-keep);
    for (const dropped of list.slice(0, -keep)) clearTimer(dropped.id);
    return [...kept, { id, kind, message, shownAt: now, ...content }];
  });
  if (timeoutMs > 0) startTimer(id, timeoutMs);
  return id;
}

/** Toasts from before a navigation belong to the page that was left. */
function dismissOlderThan(ms: number): void {
  for (const t of toastStore.get()) if (t.shownAt < ms) dismiss(t.id);
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
  info: (message: string, options?: ToastOptions) => show('info', message, undefined, options),
  success: (message: string, options?: ToastOptions) => show('success', message, undefined, options),
  error: (message: string) => show('error', message),
  /** A live notification: title, body and an optional link (`data-testid="toast-notification"`). */
  notification: (title: string, body: string, link?: { href: string; label: string }, options?: ToastOptions) =>
    show('notification', body, undefined, { title, link, ...options }),
};

/**
 * The toast area. Two live regions exist from the first render so screen readers announce what is
 * added: polite (role=status) for info/success, assertive (role=alert) for errors.
 */
export function ToastRegion() {
  const toasts = useStore(toastStore);
  const { pathname } = useLocation();
  // A moment's grace: a toast shown just before the move ("Bootcamp created", "Logged out") is about the new page.
  useEffect(() => dismissOlderThan(Date.now() - 1_000), [pathname]);
  const render = (kind: 'polite' | 'error') =>
    toasts
      .filter((t) => (kind === 'error' ? t.kind === 'error' : t.kind !== 'error'))
      .map((t) => (
        <div
          key={t.id}
          class={`toast toast-${t.kind}`}
          data-testid={`toast-${t.kind}`}
          data-merged={t.merged ? 'true' : undefined}
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
