import { useState } from 'preact/hooks';
import { myPayments, payRemaining } from './api';
import { formatDateTime, formatPrice } from '../shared/format';
import { useLoad } from '../shared/load';
import { errorMessage } from '../shared/problem';
import { Link, navigate } from '../shared/router';
import './payments.css';

/**
 * On a bootcamp's page, for a student whose access an overdue installment paused: why, and the two ways back in (pay
 * the overdue installment with a card, or pay everything left at once). Nothing when no plan of theirs is overdue.
 */
export function SuspendedBanner(props: { bootcampId: string }) {
  // A student's payments are few; the newest page holds any plan still running.
  const payments = useLoad((signal) => myPayments(1, 50, signal), [props.bootcampId]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const suspended = payments.data?.items.find((p) => p.bootcampId === props.bootcampId && p.suspended);
  if (!suspended) return null;
  const overdue = suspended.schedule.filter((c) => c.status === 'overdue');
  const owed = overdue.reduce((sum, c) => sum + c.amountMinor, 0);
  const payPath = `/pay/${encodeURIComponent(suspended.paymentId)}`;

  const payAll = async () => {
    setBusy(true);
    setError(null);
    try {
      const balance = await payRemaining(suspended.paymentId);
      navigate(`${balance.checkoutUrl}?balance=1`);
    } catch (e) {
      setError(`The balance could not be opened: ${errorMessage(e)}`);
      setBusy(false);
    }
  };

  return (
    <div class="alert alert-error suspended-banner" role="alert" data-testid="suspended-banner">
      <strong>Your access to this bootcamp is paused.</strong>{' '}
      Your installment of {formatPrice(owed, suspended.currency)}
      {overdue[0] ? ` (due ${formatDateTime(overdue[0].dueAt)})` : ''} is overdue. Pay it to get back in: your seat is kept.
      <div class="actions">
        <Link class="btn btn-primary btn-small" href={payPath} data-testid="pay-overdue">
          Pay {formatPrice(owed, suspended.currency)} now
        </Link>
        <button type="button" class="btn btn-secondary btn-small" onClick={payAll} disabled={busy} aria-busy={busy ? 'true' : undefined} data-testid="pay-remaining">
          {busy ? 'Opening…' : 'Pay the remaining balance'}
        </button>
      </div>
      {error ? <p class="small">{error}</p> : null}
    </div>
  );
}
