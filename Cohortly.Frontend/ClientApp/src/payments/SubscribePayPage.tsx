import { useEffect, useState } from 'preact/hooks';
import { TestCardForm } from './TestCardForm';
import { getSubscription, subscribeWithTestCard } from './subscriptionApi';
import type { PageProps } from '../routes';
import { formatDate, formatPrice } from '../shared/format';
import { LoadState, ProgressLine, useLoad } from '../shared/load';
import { Page } from '../shared/page';
import { Link } from '../shared/router';
import './payments.css';

const POLL_MS = 700;

/** The embedded gateway's checkout for a subscription; it becomes active only when the gateway's signed webhook says so. */
export function SubscribePayPage({ params }: PageProps) {
  const id = params.subscriptionId!;
  const load = useLoad((signal) => getSubscription(id, signal), [id]);
  const [waiting, setWaiting] = useState(false);

  useEffect(() => {
    if (!waiting) return;
    const controller = new AbortController();
    const timer = setInterval(async () => {
      try {
        const latest = await getSubscription(id, controller.signal);
        if (latest.status !== 'pending') {
          setWaiting(false);
          load.setData(() => latest);
        }
      } catch {
        // A failed poll is tried again on the next tick.
      }
    }, POLL_MS);
    return () => {
      clearInterval(timer);
      controller.abort();
    };
  }, [waiting, id]);

  return (
    <LoadState load={load} busyLabel="Loading the checkout…" failure="The checkout could not be loaded" page={{ title: 'Subscribe', testId: 'subscribe-pay-page' }}>
      {(s) => (
        <Page title="Subscribe" heading={`Cohortly ${s.plan} subscription`} width="narrow" testId="subscribe-pay-page">
          <p class="pay-price"><strong>{formatPrice(s.priceMinor, s.currency)}</strong> <span class="muted small">per {s.plan === 'yearly' ? 'year' : 'month'}</span></p>
          {s.status === 'pending' ? (
            waiting ? (
              <ProgressLine label="Waiting for the payment to be confirmed…" />
            ) : (
              <>
                <p class="muted small">Test checkout: no real card is charged.</p>
                <TestCardForm submitLabel={`Pay ${formatPrice(s.priceMinor, s.currency)}`} busyLabel="Sending…"
                  onCard={async (card) => { await subscribeWithTestCard(id, card); setWaiting(true); }} />
              </>
            )
          ) : s.status === 'canceled' ? (
            <div class="alert alert-error" role="alert">This checkout lapsed before it was paid; nothing was charged. <Link href="/subscription">Start again</Link></div>
          ) : (
            <div class="alert alert-success" role="status" data-testid="subscribe-succeeded">
              Your subscription is active{s.currentPeriodEnd ? ` and renews on ${formatDate(s.currentPeriodEnd)}` : ''}. Bootcamps marked
              “Included in subscription” are open to you. <Link href="/bootcamps">Browse bootcamps</Link>
            </div>
          )}
        </Page>
      )}
    </LoadState>
  );
}
