import { useRef, useState } from 'preact/hooks';
import { removeStaff, type StaffMember } from './api';
import { ConfirmBox } from '../shared/confirm';
import { errorMessage } from '../shared/problem';
import { toast } from '../shared/toasts';

/** Admins: take one person off the bootcamp's staff, after saying what that means. */
export function RemoveStaffButton(props: { bootcampId: string; member: StaffMember; onRemoved: () => void }) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const removeRef = useRef<HTMLButtonElement>(null);
  const name = props.member.displayName || 'this person';

  const onConfirm = async () => {
    setBusy(true);
    setError(null);
    try {
      await removeStaff(props.bootcampId, props.member.userId);
      toast.success(`${name} is no longer on this bootcamp's staff.`);
      props.onRemoved();
    } catch (failure) {
      setError(errorMessage(failure));
      setBusy(false);
    }
  };

  if (!confirming) {
    return (
      <button ref={removeRef} type="button" class="btn btn-ghost btn-small staff-remove" onClick={() => setConfirming(true)} data-testid="remove-staff-button">
        Remove<span class="visually-hidden"> {name}</span>
      </button>
    );
  }
  return (
    <ConfirmBox
      class="staff-confirm"
      question={`Remove ${name} as ${props.member.role}? They lose access to this bootcamp's staff pages at once.`}
      confirmLabel="Yes, remove"
      busyLabel="Removing…"
      cancelLabel="Keep"
      busy={busy}
      onConfirm={onConfirm}
      onCancel={() => {
        setConfirming(false);
        requestAnimationFrame(() => removeRef.current?.focus());
      }}
      confirmTestId="confirm-remove-staff"
    >
      {error ? (
        <p class="alert alert-error" role="alert">
          {error}
        </p>
      ) : null}
    </ConfirmBox>
  );
}
