import type { OutboxItem } from './api';
import { registerHomeCard } from '../home/cards';
import { HomeCardFrame } from '../home/HomeCard';
import { plural } from '../shared/format';
import { Link } from '../shared/router';

/** Email that could not be delivered after every retry. */
function FailedEmailsCard({ data }: { data: { total: number; latest: OutboxItem[] } }) {
  return (
    <HomeCardFrame title="Failed emails" testId="home-failed-emails" actions={<Link href="/admin/email">Outbox</Link>}>
      {data.total === 0 ? (
        <p class="muted">None: every email went out.</p>
      ) : (
        <>
          <p>
            <span class="badge badge-late">{plural(data.total, 'email')} not delivered</span>
          </p>
          <ul class="home-list">
            {data.latest.map((m) => (
              <li key={m.messageId}>
                <strong>{m.to}</strong> <span class="muted small">({m.template}, {plural(m.attempts, 'attempt')})</span>
                {m.lastError ? <p class="muted small">{m.lastError}</p> : null}
              </li>
            ))}
          </ul>
        </>
      )}
    </HomeCardFrame>
  );
}

registerHomeCard('email.failed', FailedEmailsCard);
