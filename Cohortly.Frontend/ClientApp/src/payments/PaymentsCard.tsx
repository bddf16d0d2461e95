import { statusLabel, type Payment } from './api';
import { registerHomeCard } from '../home/cards';
import { HomeCardFrame } from '../home/HomeCard';
import { formatPrice } from '../shared/format';
import { Link } from '../shared/router';

/** A student's latest payments; an unpaid checkout links back to its payment page. */
function PaymentsCard({ data }: { data: { recent: Payment[]; total: number } }) {
  return (
    <HomeCardFrame title="Your payments" testId="home-payments" actions={<Link href="/me/payments">All payments</Link>}>
      <ul class="home-list">
        {data.recent.map((p) => (
          <li key={p.paymentId}>
            {p.bootcampTitle}: {formatPrice(p.totalMinor, p.currency)} ·{' '}
            {p.status === 'pending' ? <Link href={`/pay/${encodeURIComponent(p.paymentId)}`}>Finish paying</Link> : statusLabel[p.status]}
          </li>
        ))}
      </ul>
    </HomeCardFrame>
  );
}

registerHomeCard('payments.recent', PaymentsCard);
