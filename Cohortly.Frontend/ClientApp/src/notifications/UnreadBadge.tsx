import { useLive } from './live';
import './notifications.css';

/**
 * The unread count inside the "Notifications" nav link (`data-testid="notifications-badge"`): hidden at 0.
 * The number is for the eye; screen readers hear "Notifications, 3 unread".
 */
export function UnreadBadge() {
  const { unread } = useLive();
  const text = unread > 99 ? '99+' : String(unread);
  return (
    <>
      <span class="nav-badge" data-testid="notifications-badge" data-count={unread} hidden={unread === 0} aria-hidden="true">
        {text}
      </span>
      {unread > 0 ? <span class="visually-hidden">, {unread} unread</span> : null}
    </>
  );
}
