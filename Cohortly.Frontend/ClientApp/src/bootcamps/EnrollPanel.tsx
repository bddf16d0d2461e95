import { useRef, useState } from 'preact/hooks';
import { enroll, withdraw, type Bootcamp, type MemberRole } from './api';
import { refreshMemberships } from './membership';
import { hasRole, useAuth } from '../shared/auth';
import { formatPrice, plural } from '../shared/format';
import { ConfirmBox } from '../shared/confirm';
import { ProgressLine } from '../shared/load';
import { ApiError, errorMessage } from '../shared/problem';
import { currentPath, Link, loginUrl } from '../shared/router';
import { eventKey, toast } from '../shared/toasts';
import { isFeatureOn, useFeatures } from '../shared/features';
import { IncludedPanel } from '../payments/IncludedPanel';

/** Enroll / withdraw for students; a sign-in link for visitors; nothing for staff. */
export function EnrollPanel(props: { bootcamp: Bootcamp; role: MemberRole | null; loading: boolean; onChanged: () => void }) {
  const auth = useAuth();
  const features = useFeatures();
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<{ kind: 'error' | 'info'; text: string } | null>(null);
  const [confirming, setConfirming] = useState(false);
  const withdrawRef = useRef<HTMLButtonElement>(null);
  const { bootcamp } = props;

  if (auth.status === 'loading' || props.loading) {
    return <ProgressLine label="Checking your enrollment…" />;
  }
  if (auth.status === 'signed-out') {
    return (
      <div class="enroll-panel">
        <Link class="btn btn-primary" href={loginUrl(currentPath())} data-testid="login-to-enroll">
          Log in to enroll
        </Link>
        <p class="muted small">
          New to Cohortly? <Link href={`/register?returnTo=${encodeURIComponent(currentPath())}`}>Create an account</Link>
        </p>
      </div>
    );
  }

  const onEnroll = async () => {
    setBusy(true);
    setNotice(null);
    try {
      await enroll(bootcamp.bootcampId);
      await refreshMemberships();
      toast.success(`You're enrolled in “${bootcamp.title}”.`, { key: eventKey('enrollment.confirmed', bootcamp.bootcampId) });
      props.onChanged();
    } catch (error) {
      if (error instanceof ApiError && error.status === 402) {
        setNotice({ kind: 'info', text: `Enrollment opens soon: this bootcamp costs ${formatPrice(bootcamp.priceMinor, bootcamp.currency)} and online payment is not available yet.` });
      } else if (error instanceof ApiError && error.status === 409 && (error.problem.type ?? '').endsWith('/bootcamp-full')) {
        setNotice({ kind: 'error', text: 'This bootcamp is full: every seat has been taken.' });
        props.onChanged();
      } else {
        setNotice({ kind: 'error', text: errorMessage(error) });
      }
    } finally {
      setBusy(false);
    }
  };

  const onWithdraw = async () => {
    setBusy(true);
    setNotice(null);
    try {
      await withdraw(bootcamp.bootcampId, auth.user.userId);
      await refreshMemberships();
      setConfirming(false);
      toast.success(`You have withdrawn from “${bootcamp.title}”.`);
      props.onChanged();
    } catch (error) {
      setNotice({ kind: 'error', text: errorMessage(error) });
    } finally {
      setBusy(false);
    }
  };

  const noticeBox = notice ? (
    <div class={`alert alert-${notice.kind} enroll-notice`} role={notice.kind === 'error' ? 'alert' : 'status'} data-testid="enroll-notice">
      {notice.text}
    </div>
  ) : null;

  if (props.role === 'student') {
    return (
      <div class="enroll-panel">
        <span class="badge badge-enrolled" data-testid="enrolled-badge">
          <span aria-hidden="true">✓ </span>You're enrolled
        </span>
        {confirming ? (
          <ConfirmBox
            question="Withdraw from this bootcamp? Your seat goes to someone else."
            confirmLabel="Yes, withdraw"
            busyLabel="Withdrawing…"
            cancelLabel="Stay enrolled"
            busy={busy}
            onConfirm={onWithdraw}
            onCancel={() => {
              setConfirming(false);
              requestAnimationFrame(() => withdrawRef.current?.focus());
            }}
            confirmTestId="confirm-withdraw-button"
          />
        ) : (
          <button ref={withdrawRef} type="button" class="btn btn-ghost btn-small" onClick={() => setConfirming(true)} data-testid="withdraw-button">
            Withdraw
          </button>
        )}
        {noticeBox}
      </div>
    );
  }
  if (props.role !== null) return null; // staff
  if (!auth.user.roles.includes('student')) {
    return hasRole(auth, 'admin') ? null : <p class="muted small enroll-panel">Only student accounts can enroll.</p>;
  }
  const full = bootcamp.seatsLeft <= 0;
  if (bootcamp.priceMinor > 0 && !full && isFeatureOn(features, 'payments')) {
    return <IncludedPanel bootcamp={bootcamp} onChanged={props.onChanged} />;
  }
  if (bootcamp.priceMinor > 0 && !full) {
    // Paid enrollment with the payments feature switched off: say so before anyone clicks.
    return (
      <div class="enroll-panel">
        <button type="button" class="btn btn-primary" disabled aria-describedby="enroll-soon" data-testid="enroll-button">
          Enroll
        </button>
        <p id="enroll-soon" class="muted small" data-testid="enroll-opens-soon">
          Enrollment opens soon: this bootcamp costs {formatPrice(bootcamp.priceMinor, bootcamp.currency)} and online payment is not available yet.
        </p>
      </div>
    );
  }
  return (
    <div class="enroll-panel">
      <button type="button" class="btn btn-primary" onClick={onEnroll} disabled={busy || full} aria-busy={busy ? 'true' : undefined} data-testid="enroll-button">
        {busy ? <span class="spinner" aria-hidden="true" /> : null}
        <span>{busy ? 'Enrolling…' : 'Enroll'}</span>
      </button>
      <p class="muted small">{full ? 'This bootcamp is full.' : bootcamp.priceMinor > 0 ? `${formatPrice(bootcamp.priceMinor, bootcamp.currency)} · ${plural(bootcamp.seatsLeft, 'seat')} left` : `Free · ${plural(bootcamp.seatsLeft, 'seat')} left`}</p>
      {noticeBox}
    </div>
  );
}
