import { registerHomeCard } from '../home/cards';
import { HomeCardFrame } from '../home/HomeCard';
import { formatNumber, formatRelative } from '../shared/format';
import { Link } from '../shared/router';

interface SignUps {
  users: number;
  countedFromStart: boolean;
  recent: { userId: string; displayName: string; email: string; at: string }[];
}

/** How many accounts there are and who joined last (admins). */
function SignUpsCard({ data }: { data: SignUps }) {
  return (
    <HomeCardFrame title="Sign-ups" testId="home-sign-ups" actions={<Link href="/admin/users">Users</Link>}>
      <p>
        <strong data-testid="platform-users">{formatNumber(data.users, 0)}</strong> {data.countedFromStart ? 'accounts' : 'accounts registered since sign-ups were first counted'}
      </p>
      {data.recent.length === 0 ? null : (
        <ul class="home-list">
          {data.recent.map((s) => (
            <li key={s.userId}>
              <strong>{s.displayName}</strong> <span class="muted small">{s.email}</span>
              <div class="home-item-meta">joined {formatRelative(s.at)}</div>
            </li>
          ))}
        </ul>
      )}
    </HomeCardFrame>
  );
}

registerHomeCard('accounts.sign-ups', SignUpsCard);
