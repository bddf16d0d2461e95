import { useEffect, useState } from 'preact/hooks';
import { getBootcamp, type Bootcamp } from './api';
import { AssignmentsTab } from './AssignmentsTab';
import { GradebookTable } from '../assignments/GradebookTable';
import { EnrollPanel } from './EnrollPanel';
import { useBootcampRole } from './membership';
import { RosterTab } from './RosterTab';
import { SettingsTab } from './SettingsTab';
import { StaffList } from './StaffList';
import { StudentProgress } from './StudentProgress';
import { Tabs, type TabDef } from './Tabs';
import { isApiError } from '../shared/api';
import { hasRole, useAuth } from '../shared/auth';
import { isFeatureOn, useFeatures } from '../shared/features';
import { formatDateRange, formatDateTime, formatPrice, plural } from '../shared/format';
import { LoadState, useLoad } from '../shared/load';
import { NotFoundPage, useFocusHeadingWhenReady } from '../shared/page';
import { Link, useQuery } from '../shared/router';
import type { PageProps } from '../routes';
import { AnnounceForm } from '../notifications/AnnounceForm';
import { SuspendedBanner } from '../payments/SuspendedBanner';
import { ChatPanel } from '../notifications/ChatPanel';
import { holdRoom, onNotification } from '../notifications/live';
import { ResourcesPanel } from '../files/ResourcesPanel';
import { SessionsPanel } from '../liveclasses/SessionsPanel';
import './bootcamps.css';

type TabId = 'assignments' | 'live' | 'gradebook' | 'chat' | 'resources' | 'roster' | 'settings';
const TAB_IDS: readonly TabId[] = ['assignments', 'live', 'gradebook', 'chat', 'resources', 'roster', 'settings'];

/** Another bootcamp is another page: its tab, data and room start afresh. */
export function BootcampPage({ params }: PageProps) {
  return <BootcampScreen key={params.bootcampId} bootcampId={params.bootcampId} />;
}

/**
 * One bootcamp: public details and enrollment for everyone; for members (and admins) the
 * assignments, the student's progress, the chat room, the roster for staff, and settings and
 * announcements for its instructors/admins. Mentors on the staff list show their live availability.
 * `?tab=chat` (the link of a mention notification) opens the chat.
 */
function BootcampScreen({ bootcampId }: { bootcampId: string }) {
  const auth = useAuth();
  const features = useFeatures();
  const membership = useBootcampRole(bootcampId);
  const bootcamp = useLoad((signal) => getBootcamp(bootcampId, signal), [bootcampId]);
  const [assignmentsKey, setAssignmentsKey] = useState(0);
  const requestedTab = useQuery().get('tab');
  const [tab, setTab] = useState<TabId>(() => (TAB_IDS.includes(requestedTab as TabId) ? (requestedTab as TabId) : 'assignments'));
  useEffect(() => {
    if (TAB_IDS.includes(requestedTab as TabId)) setTab(requestedTab as TabId);
  }, [requestedTab]);

  // Members and admins join the bootcamp's live room while the page is open: chat, and mentors' presence.
  const inRoom = auth.status === 'signed-in' && !membership.loading && (membership.role !== null || hasRole(auth, 'admin'));
  useEffect(() => (inRoom ? holdRoom(bootcampId) : undefined), [bootcampId, inRoom]);

  // Keep what is on screen current when a notification says it changed.
  useEffect(
    () =>
      onNotification((n) => {
        if (n.bootcampId !== bootcampId) return;
        if (n.kind === 'grade.published' || n.kind === 'assignment.created') setAssignmentsKey((k) => k + 1);
        else if (n.kind === 'bootcamp.updated') bootcamp.retry();
      }),
    [bootcampId],
  );

  const title = bootcamp.data?.title;
  useEffect(() => {
    if (title) document.title = `${title} · Cohortly`;
  }, [title]);
  useFocusHeadingWhenReady(bootcamp.data !== null);

  if (bootcamp.data === null && isApiError(bootcamp.error, 404)) return <NotFoundPage />;
  return (
    <LoadState load={bootcamp} page={{ title: 'Bootcamp', testId: 'bootcamp-page' }} busyLabel="Loading the bootcamp…" failure="This bootcamp could not be loaded">
      {(loaded) => {
        const isAdmin = hasRole(auth, 'admin');
        const role = membership.role;
        const isInstructor = role === 'instructor';
        const isStaff = role === 'instructor' || role === 'mentor';
        const canSeeAssignments = role !== null || isAdmin;
        const canEdit = isInstructor || isAdmin;
        const signedIn = auth.status === 'signed-in';

        const tabs: TabDef[] = [{ id: 'assignments', label: 'Assignments' }];
        if (canSeeAssignments && signedIn && isFeatureOn(features, 'liveClasses')) tabs.push({ id: 'live', label: 'Live classes' });
        if (isStaff || isAdmin) tabs.push({ id: 'gradebook', label: 'Gradebook' });
        if (canSeeAssignments && signedIn) tabs.push({ id: 'chat', label: 'Chat' }, { id: 'resources', label: 'Resources' });
        if (isStaff || isAdmin) tabs.push({ id: 'roster', label: 'Roster' });
        if (canEdit) tabs.push({ id: 'settings', label: 'Settings' });
        const currentTab = tabs.some((t) => t.id === tab) ? tab : 'assignments';

        const openSettings = () => {
          setTab('settings');
          requestAnimationFrame(() => document.querySelector<HTMLInputElement>('[data-testid="edit-bootcamp-form"] input')?.focus());
        };
        const assignments = (inTabs: boolean) => (
          <AssignmentsTab
            bootcampId={loaded.bootcampId}
            inTabs={inTabs}
            isInstructor={isInstructor}
            isAdminOnly={isAdmin && !isStaff}
            reloadKey={assignmentsKey}
            onCreated={() => {
              setAssignmentsKey((n) => n + 1);
              bootcamp.retry();
            }}
          />
        );

        return (
          <article class="card card-wide bootcamp-page" data-testid="bootcamp-page">
            <p class="breadcrumb">
              <Link href="/bootcamps">← All bootcamps</Link>
            </p>
            <header class="bootcamp-header">
              <div class="bootcamp-heading">
                <h1 tabIndex={-1} class="page-title" data-testid="bootcamp-title">
                  {loaded.title}
                </h1>
                <p class="bootcamp-dates">{formatDateRange(loaded.startsAt, loaded.endsAt)}</p>
                {isStaff ? (
                  <p class="member-note">
                    <span class={`badge badge-${role}`} data-testid="member-role">
                      You're {role === 'instructor' ? 'an instructor' : 'a mentor'} here
                    </span>
                  </p>
                ) : null}
              </div>
              <div class="bootcamp-cta">
                {(isStaff || isAdmin) && isFeatureOn(features, 'analytics') ? (
                  <Link class="btn btn-secondary" href={`/bootcamps/${encodeURIComponent(loaded.bootcampId)}/analytics`} data-testid="analytics-link">
                    Analytics
                  </Link>
                ) : null}
                {canEdit ? (
                  <button type="button" class="btn btn-secondary" onClick={openSettings} data-testid="edit-bootcamp-button">
                    Edit
                  </button>
                ) : null}
                {isAdmin && loaded.priceMinor > 0 && isFeatureOn(features, 'payments') ? (
                  <Link class="btn btn-secondary" href={`/admin/bootcamps/${encodeURIComponent(loaded.bootcampId)}/payments`} data-testid="bootcamp-payments-link">
                    Payments
                  </Link>
                ) : null}
                <EnrollPanel bootcamp={loaded} role={role} loading={membership.loading} onChanged={bootcamp.retry} />
              </div>
            </header>
            {auth.status === 'signed-in' && !isStaff && loaded.installmentCount > 1 && isFeatureOn(features, 'payments') ? (
              <SuspendedBanner bootcampId={loaded.bootcampId} />
            ) : null}

            <BootcampFacts bootcamp={loaded} />

            <StaffList bootcampId={loaded.bootcampId} staff={loaded.staff} showPresence={inRoom && role !== null} canRemove={isAdmin} onRemoved={bootcamp.retry} />

            {role === 'student' && auth.status === 'signed-in' ? <StudentProgress bootcampId={loaded.bootcampId} studentId={auth.user.userId} reloadKey={assignmentsKey} /> : null}

            {canSeeAssignments ? (
              <section class="member-area" aria-label="Bootcamp workspace">
                {tabs.length > 1 ? (
                  <Tabs tabs={tabs} selected={currentTab} onSelect={(id) => setTab(id as TabId)} label="Bootcamp sections">
                    {currentTab === 'assignments' ? assignments(true) : null}
                    {currentTab === 'live' ? <SessionsPanel bootcampId={loaded.bootcampId} isInstructor={isInstructor} /> : null}
                    {currentTab === 'gradebook' ? <GradebookTable key={assignmentsKey} bootcampId={loaded.bootcampId} bootcampTitle={loaded.title} /> : null}
                    {currentTab === 'chat' ? (
                      <div>
                        <h2 class="visually-hidden">Chat</h2>
                        <ChatPanel bootcampId={loaded.bootcampId} />
                      </div>
                    ) : null}
                    {currentTab === 'resources' ? <ResourcesPanel bootcampId={loaded.bootcampId} canManage={canEdit} /> : null}
                    {currentTab === 'roster' ? <RosterTab bootcamp={loaded} isAdmin={isAdmin} onChanged={bootcamp.retry} /> : null}
                    {currentTab === 'settings' ? <SettingsTab bootcamp={loaded} isAdmin={isAdmin} onSaved={(saved) => bootcamp.setData(() => saved)} onStaffAdded={bootcamp.retry} /> : null}
                  </Tabs>
                ) : (
                  assignments(false)
                )}
              </section>
            ) : null}

            {canEdit && signedIn ? (
              <section class="subsection announce-section" aria-labelledby="announce-heading" data-testid="bootcamp-announce">
                {/* Opens on demand, so the page is not a wall of forms (most of all on a phone). */}
                <details class="announce-details">
                  <summary>
                    <h2 id="announce-heading" class="section-heading">
                      Announce to this bootcamp
                    </h2>
                  </summary>
                  <p class="muted small">Every member gets it at once, as a pop-up and in their inbox.</p>
                  <AnnounceForm bootcampId={loaded.bootcampId} bootcampTitle={loaded.title} />
                </details>
              </section>
            ) : null}
          </article>
        );
      }}
    </LoadState>
  );
}

/** Dates, seats, price, description, tags and skills: what anyone may read before enrolling. */
function BootcampFacts({ bootcamp }: { bootcamp: Bootcamp }) {
  // Open on wide screens; on a phone the facts fold away under their summary line so the workspace is reachable.
  const [wide] = useState(() => window.matchMedia('(min-width: 40rem)').matches);
  const seats = bootcamp.seatsLeft <= 0 ? 'full' : `${plural(bootcamp.seatsLeft, 'seat')} left`;
  return (
    <details class="bootcamp-facts" open={wide} data-testid="bootcamp-facts">
      <summary class="bootcamp-facts-summary">
        <span class="bootcamp-facts-title">About this bootcamp</span>
        <span class="muted small">
          {formatPrice(bootcamp.priceMinor, bootcamp.currency)} · {seats}
        </span>
      </summary>
      <dl class="facts">
        <div>
          <dt>Starts</dt>
          <dd>{formatDateTime(bootcamp.startsAt)}</dd>
        </div>
        <div>
          <dt>Ends</dt>
          <dd>{formatDateTime(bootcamp.endsAt)}</dd>
        </div>
        <div>
          <dt>Seats</dt>
          <dd data-testid="seats-left">
            {bootcamp.seatsLeft <= 0 ? (
              <>
                <strong class="seats-full">Full</strong>
                <span class="muted small"> · capacity {bootcamp.capacity}</span>
              </>
            ) : (
              `${bootcamp.seatsLeft} of ${plural(bootcamp.capacity, 'seat')} left`
            )}
          </dd>
        </div>
        <div>
          <dt>Price</dt>
          <dd data-testid="price">{formatPrice(bootcamp.priceMinor, bootcamp.currency)}</dd>
        </div>
      </dl>

      {bootcamp.description ? <div class="prose bootcamp-description">{bootcamp.description}</div> : null}

      <div class="bootcamp-labels">
        {bootcamp.tags.length > 0 ? (
          <div>
            <h2 class="label-heading">Tags</h2>
            <ul class="tags">
              {bootcamp.tags.map((t) => (
                <li key={t}>
                  <Link class="tag" href={`/bootcamps?tag=${encodeURIComponent(t)}`}>
                    {t}
                  </Link>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        {bootcamp.skills.length > 0 ? (
          <div>
            <h2 class="label-heading">Skills you'll practise</h2>
            <ul class="tags">
              {bootcamp.skills.map((s) => (
                <li key={s}>
                  <span class="tag tag-skill">{s}</span>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </div>
    </details>
  );
}
