import { useEffect, useState } from 'preact/hooks';
import { listNotifications, markAllRead, markRead, type Notification } from './api';
import { AnnounceForm } from './AnnounceForm';
import { AvailabilityToggle } from './AvailabilityToggle';
import { kindLabel, linkLabel, notificationHref } from './describe';
import { noteMarkedRead, onNotification, setUnread, useLive } from './live';
import { isApiError } from '../shared/api';
import { hasRole, useAuth } from '../shared/auth';
import { formatDateTime, formatRelative } from '../shared/format';
import { LoadState, useLoad } from '../shared/load';
import { Page } from '../shared/page';
import { Pager } from '../shared/pager';
import { errorMessage } from '../shared/problem';
import { Link } from '../shared/router';
import { toast } from '../shared/toasts';
import './notifications.css';

const PAGE_SIZE = 20;

/**
 * The inbox: newest first, paged, with an "Unread only" filter, "Mark read" per item and "Mark all read".
 * Live notifications appear at the top of the first page. Admins announce from here; mentors set their
 * availability here.
 */
export function NotificationsPage() {
  const auth = useAuth();
  const live = useLive();
  const [page, setPage] = useState(1);
  const [unreadOnly, setUnreadOnly] = useState(false);
  const inbox = useLoad(
    async (signal) => {
      const loaded = await listNotifications({ unreadOnly, page, pageSize: PAGE_SIZE }, signal);
      // The server's count as of this read; live notifications and "Mark read" keep it current from here.
      setUnread(loaded.unread);
      // Past the end (e.g. the last item of the last page was read with "Unread only" on): step back.
      if (loaded.items.length === 0 && page > 1) setPage(Math.max(1, Math.ceil(loaded.total / PAGE_SIZE)));
      return loaded;
    },
    [page, unreadOnly],
  );
  const [busyIds, setBusyIds] = useState<ReadonlySet<string>>(new Set());
  const [markingAll, setMarkingAll] = useState(false);
  const [, setTick] = useState(0);

  // New notifications (live, or caught up after a reconnect) go on top of the first page.
  useEffect(
    () =>
      onNotification((n) => {
        if (page !== 1) {
          inbox.setData((r) => (r ? { ...r, total: r.total + 1 } : r));
          return;
        }
        inbox.setData((r) => {
          if (!r || r.items.some((i) => i.notificationId === n.notificationId)) return r;
          const items = [n, ...r.items].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt)).slice(0, r.pageSize);
          return { ...r, items, total: r.total + 1 };
        });
      }),
    [page],
  );

  // "2 minutes ago" stays true.
  useEffect(() => {
    const timer = window.setInterval(() => setTick((n) => n + 1), 60_000);
    return () => window.clearInterval(timer);
  }, []);

  if (auth.status !== 'signed-in') return null;
  const isAdmin = hasRole(auth, 'admin');
  const isMentor = hasRole(auth, 'mentor');

  const setBusy = (id: string, busy: boolean) =>
    setBusyIds((current) => {
      const next = new Set(current);
      if (busy) next.add(id);
      else next.delete(id);
      return next;
    });

  const onMarkRead = async (n: Notification, quiet = false) => {
    if (n.read || busyIds.has(n.notificationId)) return;
    setBusy(n.notificationId, true);
    try {
      await markRead(n.notificationId);
      inbox.setData((r) => (r ? { ...r, items: r.items.map((i) => (i.notificationId === n.notificationId ? { ...i, read: true } : i)) } : r));
      noteMarkedRead();
    } catch (error) {
      if (isApiError(error, 404)) inbox.retry();
      else if (!quiet) toast.error(errorMessage(error));
    } finally {
      setBusy(n.notificationId, false);
    }
  };

  const onMarkAll = async () => {
    setMarkingAll(true);
    try {
      await markAllRead();
      setUnread(0);
      if (unreadOnly) {
        setPage(1);
        inbox.retry();
      } else {
        inbox.setData((r) => (r ? { ...r, items: r.items.map((i) => ({ ...i, read: true })) } : r));
      }
      toast.success('All notifications are marked read.');
    } catch (error) {
      toast.error(errorMessage(error));
    } finally {
      setMarkingAll(false);
    }
  };

  const items = inbox.data?.items ?? [];
  const anyUnread = live.unread > 0 || items.some((i) => !i.read);

  return (
    <Page title="Notifications" testId="notifications-page" lead="Grades, new assignments, mentions and announcements — newest first.">
      {isMentor ? <AvailabilityToggle userId={auth.user.userId} /> : null}

      <section aria-labelledby="inbox-heading">
        <div class="section-head inbox-toolbar">
          <h2 id="inbox-heading" class="section-heading">
            Inbox{' '}
            <span class="muted inbox-count" data-testid="unread-count">
              {live.unread > 0 ? `· ${live.unread} unread` : '· all read'}
            </span>
          </h2>
          <div class="inbox-actions">
            <label class="check inline-check">
              <input
                type="checkbox"
                checked={unreadOnly}
                data-testid="unread-only"
                onChange={(e) => {
                  setUnreadOnly((e.currentTarget as HTMLInputElement).checked);
                  setPage(1);
                }}
              />
              <span>Unread only</span>
            </label>
            <button
              type="button"
              class="btn btn-secondary btn-small"
              onClick={onMarkAll}
              disabled={markingAll || !anyUnread}
              aria-busy={markingAll ? 'true' : undefined}
              data-testid="mark-all-read"
            >
              {markingAll ? <span class="spinner spinner-dark" aria-hidden="true" /> : null}
              {markingAll ? 'Marking…' : 'Mark all read'}
            </button>
          </div>
        </div>

        <LoadState load={inbox} busyLabel="Loading notifications…" failure="The notifications could not be loaded">
          {(result) => (
            <>
              {result.items.length === 0 ? (
                <div class="empty" data-testid="notifications-empty">
                  <p>{unreadOnly ? 'Nothing unread. You are all caught up.' : 'No notifications yet.'}</p>
                  <p class="small">New ones appear here, and as a pop-up, the moment they happen.</p>
                </div>
              ) : (
                <ul class="notification-list">
                  {result.items.map((n) => (
                    <NotificationItem key={n.notificationId} n={n} busy={busyIds.has(n.notificationId)} onMarkRead={() => onMarkRead(n)} onOpen={() => void onMarkRead(n, true)} />
                  ))}
                </ul>
              )}
              <Pager page={page} pageSize={PAGE_SIZE} total={result.total} busy={inbox.busy} label="Notification pages" onPage={setPage} />
            </>
          )}
        </LoadState>
      </section>

      {isAdmin ? (
        <section class="subsection announce-section" aria-labelledby="announce-heading">
          <h2 id="announce-heading" class="section-heading">
            Announce
          </h2>
          <p class="muted small">An announcement reaches everyone, or the members of one bootcamp, at once and in their inbox.</p>
          <AnnounceForm />
        </section>
      ) : null}
    </Page>
  );
}

function NotificationItem(props: { n: Notification; busy: boolean; onMarkRead: () => void; onOpen: () => void }) {
  const { n } = props;
  const href = notificationHref(n);
  return (
    <li class={`notification${n.read ? '' : ' is-unread'}`} data-testid="notification-item" data-read={n.read ? 'true' : 'false'} data-kind={n.kind} data-notification-id={n.notificationId}>
      <span class="notification-dot" aria-hidden="true" />
      <div class="notification-main">
        <p class="notification-meta">
          <span class="badge">{kindLabel(n.kind)}</span>
          <time dateTime={n.createdAt} title={formatDateTime(n.createdAt)}>
            {formatRelative(n.createdAt)}
          </time>
          {n.read ? null : <span class="visually-hidden">Unread</span>}
        </p>
        <h3 class="notification-title">
          {href ? (
            <Link href={href} onClick={props.onOpen} title={linkLabel(n)}>
              {n.title}
            </Link>
          ) : (
            n.title
          )}
        </h3>
        {n.body ? <p class="notification-body">{n.body}</p> : null}
      </div>
      <div class="notification-actions">
        {n.read ? (
          <span class="muted small">Read</span>
        ) : (
          <button type="button" class="btn btn-ghost btn-small" onClick={props.onMarkRead} disabled={props.busy} aria-busy={props.busy ? 'true' : undefined} data-testid="mark-read">
            {props.busy ? 'Marking…' : 'Mark read'}
            <span class="visually-hidden">: {n.title}</span>
          </button>
        )}
      </div>
    </li>
  );
}
