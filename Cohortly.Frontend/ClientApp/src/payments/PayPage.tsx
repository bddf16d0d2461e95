import { useEffect, useState } from 'preact/hooks';
import { chargeStatusLabel, getPayment, owedMinor, payWithTestCard, statusLabel, testCards, type Payment } from './api';
import { refreshMemberships } from '../bootcamps/membership';
import type { PageProps } from '../routes';
import { formatDateTime, formatPrice } from '../shared/format';
import { Field } from '../shared/forms';
import { LoadState, ProgressLine, useLoad } from '../shared/load';
import { Page } from '../shared/page';
import { ApiError, errorMessage } from '../shared/problem';
import { Link, useQuery } from '../shared/router';
import './payments.css';

/** How often the page asks whether the gateway's webhook has arrived. */
const POLL_MS = 700;

/**
 * The embedded test gateway's checkout page: Stripe's test card numbers behave as in Stripe's test mode. The card goes
 * to the gateway, and the page waits for the payment to settle — which only the gateway's signed webhook can do.
 */
export function PayPage({ params }: PageProps) {
  const paymentId = params.paymentId!;
  const payment = useLoad((signal) => getPayment(paymentId, signal), [paymentId]);
  const [card, setCard] = useState('');
  const [cardError, setCardError] = useState<string | null>(null);
  const [waiting, setWaiting] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [owedOutcome, setOwedOutcome] = useState<'paid' | 'declined' | null>(null);
  // Set by "Pay the remaining balance": the card pays every installment not paid yet, not only the overdue ones.
  const balance = useQuery().get('balance') === '1';

  useEffect(() => {
    if (!waiting) return;
    const controller = new AbortController();
    const timer = setInterval(async () => {
      try {
        const latest = await getPayment(paymentId, controller.signal);
        // An installment plan's card payment is settled once no charge is still being taken.
        if (latest.status !== 'pending' && !latest.schedule.some((c) => c.status === 'processing')) {
          setWaiting(false);
          if (latest.status === 'succeeded') await refreshMemberships();
          if (owedMinor(payment.data ?? latest, balance) > 0) setOwedOutcome(owedMinor(latest, balance) === 0 ? 'paid' : 'declined');
          payment.setData(() => latest);
        }
      } catch {
        // A failed poll is tried again on the next tick.
      }
    }, POLL_MS);
    return () => {
      clearInterval(timer);
      controller.abort();
    };
  }, [waiting, paymentId]);

  const submit = async (event: Event) => {
    event.preventDefault();
    setCardError(null);
    setOwedOutcome(null);
    if (!card.trim()) {
      setCardError('Enter one of the test card numbers below.');
      return;
    }
    setSubmitting(true);
    try {
      await payWithTestCard(paymentId, card);
      setWaiting(true);
    } catch (error) {
      const fieldErrors = error instanceof ApiError ? error.fieldErrors.cardnumber : undefined;
      setCardError(fieldErrors?.[0] ?? errorMessage(error));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <LoadState load={payment} busyLabel="Loading the payment…" failure="The payment could not be loaded" page={{ title: 'Checkout', testId: 'pay-page' }}>
      {(p) => {
        const owed = owedMinor(p, balance);
        const firstCharge = p.plan === 'installments' ? p.schedule[0]?.amountMinor ?? p.totalMinor : p.totalMinor;
        const amount = p.status === 'pending' ? firstCharge : owed;
        return (
        <Page title="Checkout" heading={`Pay for ${p.bootcampTitle}`} width="narrow" testId="pay-page">
          <Summary payment={p} />
          {p.plan === 'installments' ? <Schedule payment={p} /> : null}
          {owedOutcome === 'paid' ? (
            <div class="alert alert-success" role="status" data-testid="owed-paid">
              Thank you: the payment went through{p.suspended ? '' : ' and your access is open'}. <Link href={`/bootcamps/${encodeURIComponent(p.bootcampId)}`}>Go to the bootcamp</Link>
            </div>
          ) : null}
          {owedOutcome === 'declined' ? (
            <div class="alert alert-error" role="alert" data-testid="owed-declined">
              The card was declined and nothing was charged. Try another card.
            </div>
          ) : null}
          {p.status === 'pending' || owed > 0 ? (
            waiting ? (
              <ProgressLine label="Waiting for the payment to be confirmed…" />
            ) : (
              <form class="stack" onSubmit={submit} noValidate>
                <p class="muted small">
                  {p.status === 'pending'
                    ? `Test checkout: no real card is charged. Your seat is held until ${formatDateTime(p.seatHeldUntil)}.`
                    : `Test checkout: no real card is charged. This card pays ${balance ? 'everything left of your plan' : 'the installments that did not go through'} and is saved for the ones to come.`}
                </p>
                <Field label="Card number" name="cardNumber" required errors={cardError ? [cardError] : undefined}
                  hint={
                    <span>
                      Test cards:{' '}
                      {testCards.map((c, i) => (
                        <span key={c.number}>
                          {i > 0 ? '; ' : ''}
                          <code>{c.number}</code> {c.outcome}
                        </span>
                      ))}
                      .
                    </span>
                  }>
                  {(control) => (
                    <input {...control} type="text" inputMode="numeric" autocomplete="off" maxLength={32} value={card} data-testid="card-input"
                      onInput={(e) => setCard(e.currentTarget.value)} />
                  )}
                </Field>
                <button type="submit" class="btn btn-primary" disabled={submitting} aria-busy={submitting ? 'true' : undefined} data-testid="card-pay-button">
                  {submitting ? <span class="spinner" aria-hidden="true" /> : null}
                  <span>{submitting ? 'Sending…' : `Pay ${formatPrice(amount, p.currency)}`}</span>
                </button>
              </form>
            )
          ) : owedOutcome === null ? (
            <Outcome payment={p} />
          ) : null}
        </Page>
        );
      }}
    </LoadState>
  );
}

function Summary({ payment: p }: { payment: Payment }) {
  return (
    <dl class="pay-summary">
      <dt>Price</dt>
      <dd>{formatPrice(p.priceMinor, p.currency)}</dd>
      {p.discountMinor > 0 ? (
        <>
          <dt>Coupon {p.couponCode}</dt>
          <dd>−{formatPrice(p.discountMinor, p.currency)}</dd>
        </>
      ) : null}
      <dt>Total</dt>
      <dd data-testid="pay-page-total">
        <strong>{formatPrice(p.totalMinor, p.currency)}</strong>
      </dd>
      <dt>Status</dt>
      <dd data-testid="pay-status">{statusLabel[p.status]}</dd>
    </dl>
  );
}

/** An installment plan's charges, each with its date and where it stands. */
export function Schedule({ payment: p }: { payment: Payment }) {
  return (
    <ol class="payment-schedule small" aria-label="Installments" data-testid="payment-schedule">
      {p.schedule.map((c, i) => (
        <li key={i} data-testid="schedule-entry" data-status={c.status}>
          {formatPrice(c.amountMinor, p.currency)} due {formatDateTime(c.dueAt)}: <strong>{chargeStatusLabel[c.status]}</strong>
        </li>
      ))}
    </ol>
  );
}

function Outcome({ payment: p }: { payment: Payment }) {
  const back = `/bootcamps/${encodeURIComponent(p.bootcampId)}`;
  if (p.status === 'succeeded' || p.status === 'partially_refunded') {
    return (
      <div class="alert alert-success" role="status" data-testid="pay-succeeded">
        {p.plan === 'installments' ? 'First installment received' : 'Payment received'}: you're enrolled in {p.bootcampTitle}. A receipt is on its way by email.{' '}
        <Link href={back} data-testid="back-to-bootcamp">Go to the bootcamp</Link>
      </div>
    );
  }
  return (
    <div class="alert alert-error" role="alert" data-testid="pay-failed">
      {p.status === 'expired'
        ? 'This checkout expired before it was paid, and its seat was released.'
        : (p.failureReason ?? 'The payment did not go through.')}{' '}
      Nothing was charged. <Link href={back} data-testid="back-to-bootcamp">Back to the bootcamp to try again</Link>
    </div>
  );
}
