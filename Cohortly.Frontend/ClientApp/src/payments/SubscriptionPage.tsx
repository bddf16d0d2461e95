import { useState } from 'preact/hooks';
import {
  cancelAtPeriodEnd, go, keepRenewing, mySubscription, openBillingPortal, subscribe, subscriptionPlans, subscriptionStatusLabel,
  type PlanPrice, type Subscription, type SubscriptionPlan,
} from './subscriptionApi';
import { formatDate, formatPrice } from '../shared/format';
import { LoadState, useLoad } from '../shared/load';
import { Page } from '../shared/page';
import { errorMessage } from '../shared/problem';
import { Link, navigate } from '../shared/router';
import './payments.css';
import './subscriptions.css';

/** The student's platform subscription: the plans and their prices, subscribe, its status and renewal, cancel, manage card. */
export function SubscriptionPage() {
  const load = useLoad(async (signal) => {
    const [plans, mine] = await Promise.all([subscriptionPlans(signal), mySubscription(signal)]);
    return { plans, mine };
  }, []);
  return (
    <LoadState load={load} busyLabel="Loading your subscription…" failure="Your subscription could not be loaded" page={{ title: 'Subscription', testId: 'subscription-page' }}>
      {({ plans, mine }) => (
        <Page title="Subscription" heading="Your Cohortly subscription" width="narrow" testId="subscription-page"
          lead="One subscription opens every bootcamp marked “Included in subscription”, without paying for each.">
          {mine && mine.status !== 'canceled' ? <Current subscription={mine} onChanged={load.retry} /> : <Plans plans={plans} ended={mine} />}
          <p class="small"><Link href="/bootcamps">Browse bootcamps</Link></p>
        </Page>
      )}
    </LoadState>
  );
}

function Plans({ plans, ended }: { plans: PlanPrice[]; ended: Subscription | null }) {
  const [busy, setBusy] = useState<SubscriptionPlan | null>(null);
  const [error, setError] = useState<string | null>(null);
  const start = async (plan: SubscriptionPlan) => {
    setBusy(plan);
    setError(null);
    try {
      const started = await subscribe(plan);
      go(started.checkoutUrl ?? '/subscription', navigate);
    } catch (e) {
      setError(errorMessage(e));
      setBusy(null);
    }
  };
  return (
    <div class="stack" data-testid="subscription-plans">
      {ended?.endedAt ? <p class="muted">Your last subscription ended on {formatDate(ended.endedAt)}.</p> : null}
      <ul class="plan-list">
        {plans.map((p) => (
          <li key={p.plan} class="plan-card">
            <h2 class="plan-name">{p.plan === 'yearly' ? 'Yearly' : 'Monthly'}</h2>
            <p class="pay-price"><strong>{formatPrice(p.priceMinor, p.currency)}</strong> <span class="muted small">per {p.plan === 'yearly' ? 'year' : 'month'}</span></p>
            <button type="button" class="btn btn-primary" disabled={busy !== null} aria-busy={busy === p.plan ? 'true' : undefined}
              onClick={() => start(p.plan)} data-testid={`subscribe-${p.plan}`}>
              {busy === p.plan ? <span class="spinner" aria-hidden="true" /> : null}
              <span>{busy === p.plan ? 'Starting checkout…' : `Subscribe ${p.plan}`}</span>
            </button>
          </li>
        ))}
      </ul>
      {error ? <div class="alert alert-error" role="alert">{error}</div> : null}
    </div>
  );
}

function Current({ subscription: s, onChanged }: { subscription: Subscription; onChanged: () => void }) {
  const [busy, setBusy] = useState<'cancel' | 'renew' | 'portal' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const act = async (what: 'cancel' | 'renew' | 'portal') => {
    setBusy(what);
    setError(null);
    try {
      if (what === 'portal') {
        go((await openBillingPortal()).url, navigate);
        return;
      }
      await (what === 'cancel' ? cancelAtPeriodEnd(s.subscriptionId) : keepRenewing(s.subscriptionId));
      onChanged();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };
  const end = s.currentPeriodEnd ? formatDate(s.currentPeriodEnd) : null;
  return (
    <div class="stack" data-testid="subscription-current">
      <dl class="pay-summary">
        <dt>Plan</dt>
        <dd>{s.plan === 'yearly' ? 'Yearly' : 'Monthly'}, {formatPrice(s.priceMinor, s.currency)}</dd>
        <dt>Status</dt>
        <dd data-testid="subscription-status">{subscriptionStatusLabel[s.status]}</dd>
        {end ? (
          <>
            <dt>{s.cancelAtPeriodEnd ? 'Ends on' : 'Next renewal'}</dt>
            <dd data-testid="subscription-period-end">{end}</dd>
          </>
        ) : null}
      </dl>
      {s.status === 'pending' ? (
        <p>
          Your checkout is open. {s.checkoutUrl ? <a href={s.checkoutUrl} data-testid="continue-checkout">Continue to checkout</a> : null}
        </p>
      ) : null}
      {s.cancelAtPeriodEnd && end ? (
        <div class="alert" role="status" data-testid="subscription-ends">Your subscription ends on {end}; until then everything stays open.</div>
      ) : null}
      {s.status === 'past_due' ? (
        <div class="alert alert-error" role="alert">
          {s.accessSuspended ? 'Your included bootcamps are paused because the renewal is unpaid. ' : 'Your renewal payment did not go through. '}
          {s.failureReason} Update your card to keep going.
        </div>
      ) : null}
      {s.status !== 'pending' ? (
        <div class="row">
          <button type="button" class="btn btn-secondary" disabled={busy !== null} aria-busy={busy === 'portal' ? 'true' : undefined}
            onClick={() => act('portal')} data-testid="manage-card">
            {busy === 'portal' ? 'Opening…' : 'Manage card and billing'}
          </button>
          {s.cancelAtPeriodEnd ? (
            <button type="button" class="btn btn-primary" disabled={busy !== null} aria-busy={busy === 'renew' ? 'true' : undefined}
              onClick={() => act('renew')} data-testid="keep-renewing">
              {busy === 'renew' ? 'Saving…' : 'Keep renewing'}
            </button>
          ) : (
            <button type="button" class="btn btn-ghost" disabled={busy !== null} aria-busy={busy === 'cancel' ? 'true' : undefined}
              onClick={() => act('cancel')} data-testid="cancel-subscription">
              {busy === 'cancel' ? 'Canceling…' : 'Cancel at the end of this period'}
            </button>
          )}
        </div>
      ) : null}
      {error ? <div class="alert alert-error" role="alert">{error}</div> : null}
    </div>
  );
}
