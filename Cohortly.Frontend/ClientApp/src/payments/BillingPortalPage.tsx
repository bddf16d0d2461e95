import { useState } from 'preact/hooks';
import { TestCardForm } from './TestCardForm';
import { cancelAtPeriodEnd, changeTestCard, getSubscription, keepRenewing, mySubscription, subscriptionStatusLabel } from './subscriptionApi';
import { formatDate } from '../shared/format';
import { LoadState, useLoad } from '../shared/load';
import { Page } from '../shared/page';
import { errorMessage } from '../shared/problem';
import { Link, useLocation } from '../shared/router';
import { toast } from '../shared/toasts';
import './payments.css';

/**
 * The embedded gateway's stand-in for Stripe's customer portal: change the test card on file (a working one settles a
 * failed renewal at once) and turn renewal off or on — the same state machine Stripe's portal drives through webhooks.
 */
export function BillingPortalPage() {
  const asked = new URLSearchParams(useLocation().search).get('subscription');
  // Opened without the portal's link (bookmarked, say): the caller's current subscription.
  const load = useLoad(async (signal) => ({ current: asked ? await getSubscription(asked, signal) : await mySubscription(signal) }), [asked]);
  const id = load.data?.current?.subscriptionId ?? asked ?? '';
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const toggle = async (cancel: boolean) => {
    setBusy(true);
    setError(null);
    try {
      await (cancel ? cancelAtPeriodEnd(id) : keepRenewing(id));
      load.retry();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <LoadState load={load} busyLabel="Loading billing…" failure="Your billing could not be loaded" page={{ title: 'Billing', testId: 'billing-portal-page' }}>
      {({ current: s }) => !s ? (
        <Page title="Billing" heading="Billing (test portal)" width="narrow" testId="billing-portal-page">
          <p>You have no subscription yet. <Link href="/subscription">See the plans</Link></p>
        </Page>
      ) : (
        <Page title="Billing" heading="Billing (test portal)" width="narrow" testId="billing-portal-page">
          <p>
            Status: <strong>{subscriptionStatusLabel[s.status]}</strong>
            {s.currentPeriodEnd ? ` · ${s.cancelAtPeriodEnd ? 'ends' : 'renews'} on ${formatDate(s.currentPeriodEnd)}` : ''}
          </p>
          <h2>Card</h2>
          <TestCardForm submitLabel="Save card" busyLabel="Saving…"
            onCard={async (card) => { await changeTestCard(id, card); toast.success('Card saved.'); load.retry(); }} />
          {s.status === 'active' || s.status === 'past_due' ? (
            <>
              <h2>Renewal</h2>
              <button type="button" class="btn btn-secondary" disabled={busy} aria-busy={busy ? 'true' : undefined}
                onClick={() => toggle(!s.cancelAtPeriodEnd)} data-testid="portal-toggle-renewal">
                {s.cancelAtPeriodEnd ? 'Keep renewing' : 'Cancel at the end of this period'}
              </button>
            </>
          ) : null}
          {error ? <div class="alert alert-error" role="alert">{error}</div> : null}
          <p><Link href="/subscription">Back to your subscription</Link></p>
        </Page>
      )}
    </LoadState>
  );
}
