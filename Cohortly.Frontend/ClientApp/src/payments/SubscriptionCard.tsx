import { subscriptionStatusLabel, type Subscription } from './subscriptionApi';
import { registerHomeCard } from '../home/cards';
import { HomeCardFrame } from '../home/HomeCard';
import { formatDate } from '../shared/format';
import { Link } from '../shared/router';

/** A student's subscription: status and next renewal (or end), or what a subscription would give them. */
function SubscriptionCard({ data }: { data: { subscription: Subscription | null } }) {
  const s = data.subscription;
  return (
    <HomeCardFrame title="Subscription" testId="home-subscription" actions={<Link href="/subscription">{s && s.status !== 'canceled' ? 'Manage' : 'See plans'}</Link>}>
      {s && s.status !== 'canceled' ? (
        <p>
          {subscriptionStatusLabel[s.status]}
          {s.currentPeriodEnd ? ` · ${s.cancelAtPeriodEnd ? 'ends' : 'renews'} on ${formatDate(s.currentPeriodEnd)}` : ''}
        </p>
      ) : (
        <p>One subscription opens every bootcamp marked “Included in subscription”.</p>
      )}
    </HomeCardFrame>
  );
}

registerHomeCard('payments.subscription', SubscriptionCard);
