import { createStore, useStore } from './store';

export type ToastKind = 'info' | 'success' | 'error';

export interface Toast {
  id: number;
  kind: ToastKind;
  message: string;
}

const toastStore = createStore<Toast[]>([]);
let nextId = 1;

function show(kind: ToastKind, message: string, timeoutMs = kind === 'error' ? 10_000 : 6_000): number {
  const id = nextId++;
  toastStore.update((list) => [...list.slice(-4), { id, kind, message }]);
  if (timeoutMs > 0) window.setTimeout(() => dismiss(id), timeoutMs);
  return id;
}

export function dismiss(id: number): void {
  toastStore.update((list) => list.filter((t) => t.id !== id));
}

export const toast = {
  info: (message: string) => show('info', message),
  success: (message: string) => show('success', message),
  error: (message: string) => show('error', message),
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
        <div key={t.id} class={`toast toast-${t.kind}`} data-testid={`toast-${t.kind}`}>
          <span class="toast-icon" aria-hidden="true">
            {t.kind === 'error' ? '!' : t.kind === 'success' ? '✓' : 'i'}
          </span>
          <p class="toast-message">{t.message}</p>
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
