import { useEffect, useState } from 'preact/hooks';
import { checkout, getQuote, planLabel, type Plan, type Quote } from './api';
import type { Bootcamp } from '../bootcamps/api';
import { refreshMemberships } from '../bootcamps/membership';
import { formatPrice, plural } from '../shared/format';
import { Field } from '../shared/forms';
import { ApiError, errorMessage } from '../shared/problem';
import { navigate } from '../shared/router';
import { toast } from '../shared/toasts';

/** A paid bootcamp's enroll panel: the price, an optional coupon with its quote, and "Pay", which opens the checkout page. */
export function PayPanel(props: { bootcamp: Bootcamp; onChanged: () => void }) {
  const { bootcamp } = props;
  const [code, setCode] = useState('');
  const [quote, setQuote] = useState<Quote | null>(null);
  const [couponError, setCouponError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState<'quote' | 'pay' | null>(null);
  const [plan, setPlan] = useState<Plan>('full');
  const [planQuote, setPlanQuote] = useState<Quote | null>(null);
  const [planError, setPlanError] = useState<string | null>(null);
  const trimmed = code.trim();
  const offersPlan = bootcamp.installmentCount > 1;

  // The plan's amounts come from the server's quote (with the coupon, once applied), so they add up exactly as charged.
  useEffect(() => {
    if (!offersPlan) return;
    const controller = new AbortController();
    setPlanError(null);
    getQuote(bootcamp.bootcampId, quote ? trimmed : null, 'installments', controller.signal)
      .then(setPlanQuote)
      .catch((error) => {
        if (!controller.signal.aborted) setPlanError(errorMessage(error));
      });
    return () => controller.abort();
  }, [bootcamp.bootcampId, offersPlan, quote]);

  const applyCoupon = async (event: Event) => {
    event.preventDefault();
    if (!trimmed) return;
    setBusy('quote');
    setCouponError(null);
    try {
      setQuote(await getQuote(bootcamp.bootcampId, trimmed));
    } catch (error) {
      setQuote(null);
      setCouponError(error instanceof ApiError && error.status === 422 ? error.problem.title ?? 'This coupon cannot be used.' : errorMessage(error));
    } finally {
      setBusy(null);
    }
  };

  const pay = async () => {
    setBusy('pay');
    setNotice(null);
    try {
      const started = await checkout(bootcamp.bootcampId, quote ? trimmed : null, plan);
      if (started.status === 'succeeded') {
        await refreshMemberships();
        toast.success(`You're enrolled in “${bootcamp.title}”.`);
        props.onChanged();
        return;
      }
      navigate(`/pay/${encodeURIComponent(started.paymentId)}`);
    } catch (error) {
      const type = error instanceof ApiError ? error.problem.type ?? '' : '';
      setNotice(type.endsWith('/bootcamp-full') ? 'This bootcamp is full: every seat has been taken.' : errorMessage(error));
      if (type.endsWith('/bootcamp-full') || type.endsWith('/already-enrolled')) props.onChanged();
    } finally {
      setBusy(null);
    }
  };

  const total = quote?.totalMinor ?? bootcamp.priceMinor;
  const firstInstallment = planQuote?.installments[0]?.amountMinor;
  const payNow = plan === 'installments' && firstInstallment !== undefined ? firstInstallment : total;
  return (
    <div class="enroll-panel pay-panel" data-testid="pay-panel">
      <p class="pay-price">
        {quote && quote.discountMinor > 0 ? (
          <>
            <s class="muted">{formatPrice(quote.priceMinor, quote.currency)}</s>{' '}
          </>
        ) : null}
        <strong data-testid="pay-total">{formatPrice(total, bootcamp.currency)}</strong>
        <span class="muted small"> · {plural(bootcamp.seatsLeft, 'seat')} left</span>
      </p>
      <form class="coupon-form" onSubmit={applyCoupon}>
        <Field label="Coupon code" name="couponCode" errors={couponError ? [couponError] : undefined}
          hint={quote && quote.discountMinor > 0 ? `${formatPrice(quote.discountMinor, quote.currency)} off` : undefined}>
          {(control) => (
            <input {...control} type="text" autocomplete="off" maxLength={40} value={code} data-testid="coupon-input"
              onInput={(e) => { setCode(e.currentTarget.value); setQuote(null); setCouponError(null); }} />
          )}
        </Field>
        <button type="submit" class="btn btn-secondary btn-small" disabled={!trimmed || busy !== null} aria-busy={busy === 'quote' ? 'true' : undefined} data-testid="apply-coupon">
          {busy === 'quote' ? 'Checking…' : 'Apply'}
        </button>
      </form>
      {offersPlan ? (
        <fieldset class="plan-choice" data-testid="plan-choice">
          <legend>How would you like to pay?</legend>
          <label class="radio">
            <input type="radio" name="plan" value="full" checked={plan === 'full'} onChange={() => setPlan('full')} data-testid="plan-full" />
            <span>In full: {formatPrice(total, bootcamp.currency)}</span>
          </label>
          <label class="radio">
            <input type="radio" name="plan" value="installments" checked={plan === 'installments'} disabled={planQuote === null}
              onChange={() => setPlan('installments')} data-testid="plan-installments" />
            <span>
              {planQuote ? planLabel(planQuote.installments, planQuote.currency, formatPrice) : planError ? 'Monthly payments (unavailable right now)' : 'Monthly payments (working it out…)'}
            </span>
          </label>
          {plan === 'installments' ? (
            <p class="muted small">The first payment enrolls you; the rest are charged to the same card each month. A missed payment pauses your access until it is paid.</p>
          ) : null}
          {planError ? <p class="muted small" role="status">{planError}</p> : null}
        </fieldset>
      ) : null}
      <button type="button" class="btn btn-primary" onClick={pay} disabled={busy !== null || (trimmed !== '' && !quote)} aria-busy={busy === 'pay' ? 'true' : undefined} data-testid="pay-button">
        {busy === 'pay' ? <span class="spinner" aria-hidden="true" /> : null}
        <span>{busy === 'pay' ? 'Starting checkout…' : total === 0 ? 'Enroll for free' : `Pay ${formatPrice(payNow, bootcamp.currency)}${plan === 'installments' ? ' now' : ''}`}</span>
      </button>
      {trimmed !== '' && !quote ? <p class="muted small">Apply the coupon first, or clear it to pay the full price.</p> : null}
      {notice ? (
        <div class="alert alert-error enroll-notice" role="alert" data-testid="enroll-notice">
          {notice}
        </div>
      ) : null}
    </div>
  );
}
