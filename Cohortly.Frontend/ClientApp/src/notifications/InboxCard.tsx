import type { Notification } from './api';
import { notificationHref } from './describe';
import { registerHomeCard } from '../home/cards';
import { HomeCardFrame } from '../home/HomeCard';
import { formatRelative, plural } from '../shared/format';
import { Link } from '../shared/router';
import './notifications.css';

/** The latest notifications: unread news for a student, recent activity (submissions, mentions) for staff. */
function InboxCard({ data }: { data: { unread: number; latest: Notification[] } }) {
  return (
    <HomeCardFrame
      title={data.unread > 0 ? `Notifications (${plural(data.unread, 'unread', 'unread')})` : 'Recent activity'}
      testId="home-inbox"
      actions={<Link href="/notifications">All notifications</Link>}
    >
      {data.latest.length === 0 ? (
        <p class="muted">Nothing yet.</p>
      ) : (
        <ul class="home-list">
          {data.latest.map((n) => {
            const href = notificationHref(n);
            return (
              <li key={n.notificationId}>
                {href ? <Link href={href}>{n.title}</Link> : <span>{n.title}</span>}
                <div class="home-item-meta">
                  {n.read ? null : <span class="badge badge-submitted">New</span>}
                  <span>{formatRelative(n.createdAt)}</span>
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </HomeCardFrame>
  );
}

registerHomeCard('notifications.inbox', InboxCard);
