import type { ComponentChildren } from 'preact';
import { useId } from 'preact/hooks';

/** An inline "are you sure?" with a danger button and a way back, for actions that cannot be undone from here. */
export function ConfirmBox(props: {
  question: ComponentChildren;
  confirmLabel: string;
  busyLabel: string;
  cancelLabel: string;
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
  confirmTestId: string;
  class?: string;
  children?: ComponentChildren;
}) {
  const questionId = useId();
  return (
    <div class={`confirm${props.class ? ` ${props.class}` : ''}`} role="group" aria-labelledby={questionId}>
      <p id={questionId}>{props.question}</p>
      {props.children}
      <div class="confirm-actions">
        <button type="button" class="btn btn-danger btn-small" onClick={props.onConfirm} disabled={props.busy} aria-busy={props.busy ? 'true' : undefined} data-testid={props.confirmTestId}>
          {props.busy ? <span class="spinner" aria-hidden="true" /> : null}
          {props.busy ? props.busyLabel : props.confirmLabel}
        </button>
        <button type="button" class="btn btn-ghost btn-small" disabled={props.busy} onClick={props.onCancel}>
          {props.cancelLabel}
        </button>
      </div>
    </div>
  );
}
