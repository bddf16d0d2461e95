import { useEffect, useRef, useState } from 'preact/hooks';
import { assignStaff, enroll, getBootcamp, getProgress, listRoster, memberRoleLabels, updateBootcamp, withdraw, type Bootcamp, type BootcampInput, type MemberRole, type Progress, type RosterEntry, type StaffRole } from './api';
import { BootcampForm } from './BootcampForm';
import { refreshMemberships, useBootcampRole } from './membership';
import { ProgressSummary } from './ProgressSummary';
import { Tabs, type TabDef } from './Tabs';
import { AssignmentList } from '../assignments/AssignmentList';
import { NewAssignmentForm } from '../assignments/NewAssignmentForm';
import { isApiError, type Page as ApiPage } from '../shared/api';
import { hasRole, useAuth } from '../shared/auth';
import { formatDate, formatDateRange, formatDateTime, formatPrice, plural } from '../shared/format';
import { collectErrors, FormAlert, required, SelectField, SubmitButton, TextField, useFormSubmit } from '../shared/forms';
import { LoadingPage, NotFoundPage, useFocusHeadingWhenReady } from '../shared/page';
import { Pager } from '../shared/pager';
import { ApiError, errorMessage } from '../shared/problem';
import { currentPath, Link, loginUrl, useQuery } from '../shared/router';
import { toast } from '../shared/toasts';
import type { PageProps } from '../routes';
import { AnnounceForm } from '../notifications/AnnounceForm';
import { ChatPanel } from '../notifications/ChatPanel';
import { holdRoom, onNotification } from '../notifications/live';
import { PresenceDot } from '../notifications/PresenceDot';
import { ResourcesPanel } from '../files/ResourcesPanel';
import './bootcamps.css';

type TabId = 'assignments' | 'chat' | 'resources' | 'roster' | 'settings';
const TAB_IDS: readonly TabId[] = ['assignments', 'chat', 'resources', 'roster', 'settings'];

/**
 * One bootcamp: public details and enrollment for everyone; for members (and admins) the
 * assignments, the student's progress, the chat room, the roster for staff, and settings and
 * announcements for its instructors/admins. Mentors on the staff list show their live availability.
 * `?tab=chat` (the link of a mention notification) opens the chat.
 */
export function BootcampPage({ params }: PageProps) {
  const bootcampId = params.bootcampId;
  const auth = useAuth();
  const membership = useBootcampRole(bootcampId);
  const [bootcamp, setBootcamp] = useState<Bootcamp | null>(null);
  const [loadError, setLoadError] = useState<ApiError | Error | null>(null);
  const [reload, setReload] = useState(0);
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
        else if (n.kind === 'bootcamp.updated') setReload((k) => k + 1);
      }),
    [bootcampId],
  );

  useEffect(() => {
    const controller = new AbortController();
    setLoadError(null);
    setBootcamp((b) => (b && b.bootcampId === bootcampId ? b : null));
    getBootcamp(bootcampId, controller.signal)
      .then(setBootcamp)
      .catch((e) => {
        if (!controller.signal.aborted) setLoadError(e);
      });
    return () => controller.abort();
  }, [bootcampId, reload]);

  useEffect(() => {
    if (bootcamp) document.title = `${bootcamp.title} · Cohortly`;
  }, [bootcamp?.title]);
  useFocusHeadingWhenReady(bootcamp !== null);

  if (loadError && isApiError(loadError, 404)) return <NotFoundPage />;
  if (loadError && !bootcamp) {
    return (
      <article class="card card-narrow" data-testid="bootcamp-page">
        <h1 tabIndex={-1} class="page-title">
          Bootcamp
        </h1>
        <div class="alert alert-error" role="alert">
          This bootcamp could not be loaded: {errorMessage(loadError)}
        </div>
        <button type="button" class="btn btn-secondary" onClick={() => setReload((n) => n + 1)}>
          Try again
        </button>
      </article>
    );
  }
  if (!bootcamp) return <LoadingPage label="Loading the bootcamp…" />;

  const isAdmin = hasRole(auth, 'admin');
  const role = membership.role;
  const isInstructor = role === 'instructor';
  const isStaff = role === 'instructor' || role === 'mentor';
  const canSeeAssignments = role !== null || isAdmin;
  const canEdit = isInstructor || isAdmin;
  const refresh = () => setReload((n) => n + 1);

  const tabs: TabDef[] = [{ id: 'assignments', label: 'Assignments' }];
  if (canSeeAssignments && auth.status === 'signed-in') tabs.push({ id: 'chat', label: 'Chat' });
  if (canSeeAssignments && auth.status === 'signed-in') tabs.push({ id: 'resources', label: 'Resources' });
  if (isStaff || isAdmin) tabs.push({ id: 'roster', label: 'Roster' });
  if (canEdit) tabs.push({ id: 'settings', label: 'Settings' });
  const currentTab = tabs.some((t) => t.id === tab) ? tab : 'assignments';

  const openSettings = () => {
    setTab('settings');
    requestAnimationFrame(() => document.querySelector<HTMLInputElement>('[data-testid="edit-bootcamp-form"] input')?.focus());
  };

  const assignmentsPanel = (inTabs: boolean) => (
    <div>
      {/* Inside tabs the tab names the panel; the heading stays for screen-reader navigation. */}
      <h2 class={inTabs ? 'visually-hidden' : 'section-heading'}>Assignments</h2>
      <AssignmentList key={bootcamp.bootcampId} bootcampId={bootcamp.bootcampId} reloadKey={assignmentsKey} emptyHint={isInstructor ? 'Create the first one below.' : undefined} />
      {isInstructor ? (
        <section class="subsection" aria-labelledby="new-assignment-heading">
          <h3 id="new-assignment-heading">New assignment</h3>
          <NewAssignmentForm
            bootcampId={bootcamp.bootcampId}
            onCreated={() => {
              setAssignmentsKey((n) => n + 1);
              refresh();
            }}
          />
        </section>
      ) : isAdmin && !isStaff ? (
        <p class="muted small">Only the bootcamp's instructors create assignments; make someone an instructor under Settings.</p>
      ) : null}
    </div>
  );

  const instructors = bootcamp.staff.filter((s) => s.role === 'instructor');
  const mentors = bootcamp.staff.filter((s) => s.role === 'mentor');

  return (
    <article class="card card-wide bootcamp-page" data-testid="bootcamp-page">
      <p class="breadcrumb">
        <Link href="/bootcamps">← All bootcamps</Link>
      </p>
      <header class="bootcamp-header">
        <div class="bootcamp-heading">
          <h1 tabIndex={-1} class="page-title" data-testid="bootcamp-title">
            {bootcamp.title}
          </h1>
          <p class="bootcamp-dates">{formatDateRange(bootcamp.startsAt, bootcamp.endsAt)}</p>
          {isStaff ? (
            <p class="member-note">
              <span class={`badge badge-${role}`} data-testid="member-role">
                You're {role === 'instructor' ? 'an instructor' : 'a mentor'} here
              </span>
            </p>
          ) : null}
        </div>
        <div class="bootcamp-cta">
          {canEdit ? (
            <button type="button" class="btn btn-secondary" onClick={openSettings} data-testid="edit-bootcamp-button">
              Edit
            </button>
          ) : null}
          <EnrollPanel bootcamp={bootcamp} role={role} loading={membership.loading} onChanged={refresh} />
        </div>
      </header>

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

      <section class="staff" aria-labelledby="staff-heading" data-testid="staff-list">
        <h2 id="staff-heading" class="section-heading">
          Staff
        </h2>
        {bootcamp.staff.length === 0 ? (
          <p class="muted">No instructors or mentors yet.</p>
        ) : (
          <ul class="staff-list">
            {[...instructors, ...mentors].map((s) => (
              <li key={s.userId} class="staff-member" data-testid="staff-member">
                <span class="staff-avatar" aria-hidden="true">
                  {initials(s.displayName)}
                </span>
                <span class="staff-name">{s.displayName || 'Unnamed user'}</span>
                <span class={`badge badge-${s.role}`}>{memberRoleLabels[s.role]}</span>
                {s.role === 'mentor' && inRoom && role !== null ? <PresenceDot userId={s.userId} name={s.displayName} /> : null}
              </li>
            ))}
          </ul>
        )}
      </section>

      {role === 'student' && auth.status === 'signed-in' ? <StudentProgress bootcampId={bootcamp.bootcampId} studentId={auth.user.userId} reloadKey={assignmentsKey} /> : null}

      {canSeeAssignments ? (
        <section class="member-area" aria-label="Bootcamp workspace">
          {tabs.length > 1 ? (
            <Tabs tabs={tabs} selected={currentTab} onSelect={(id) => setTab(id as TabId)} label="Bootcamp sections">
              {currentTab === 'assignments' ? assignmentsPanel(true) : null}
              {currentTab === 'chat' ? (
                <div>
                  <h2 class="visually-hidden">Chat</h2>
                  <ChatPanel key={bootcamp.bootcampId} bootcampId={bootcamp.bootcampId} />
                </div>
              ) : null}
              {currentTab === 'resources' ? <ResourcesPanel key={bootcamp.bootcampId} bootcampId={bootcamp.bootcampId} canManage={canEdit} /> : null}
              {currentTab === 'roster' ? <RosterTab key={bootcamp.bootcampId} bootcamp={bootcamp} isAdmin={isAdmin} onChanged={refresh} /> : null}
              {currentTab === 'settings' ? <SettingsTab key={bootcamp.bootcampId} bootcamp={bootcamp} isAdmin={isAdmin} onSaved={setBootcamp} onStaffAdded={refresh} /> : null}
            </Tabs>
          ) : (
            assignmentsPanel(false)
          )}
        </section>
      ) : null}

      {canEdit && auth.status === 'signed-in' ? (
        <section class="subsection announce-section" aria-labelledby="announce-heading" data-testid="bootcamp-announce">
          <h2 id="announce-heading" class="section-heading">
            Announce to this bootcamp
          </h2>
          <p class="muted small">Every member gets it at once, as a pop-up and in their inbox.</p>
          <AnnounceForm bootcampId={bootcamp.bootcampId} bootcampTitle={bootcamp.title} />
        </section>
      ) : null}
    </article>
  );
}

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  return ((parts[0]?.[0] ?? '') + (parts.length > 1 ? parts[parts.length - 1][0] : '')).toUpperCase() || '?';
}

/** Enroll / withdraw for students; a sign-in link for visitors; nothing for staff. */
function EnrollPanel(props: { bootcamp: Bootcamp; role: MemberRole | null; loading: boolean; onChanged: () => void }) {
  const auth = useAuth();
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<{ kind: 'error' | 'info'; text: string } | null>(null);
  const [confirming, setConfirming] = useState(false);
  const withdrawRef = useRef<HTMLButtonElement>(null);
  const { bootcamp } = props;

  if (auth.status === 'loading' || props.loading) {
    return (
      <p class="loading-inline" role="status">
        <span class="spinner spinner-dark" aria-hidden="true" /> Checking your enrollment…
      </p>
    );
  }
  if (auth.status === 'signed-out') {
    return (
      <div class="enroll-panel">
        <Link class="btn btn-primary" href={loginUrl(currentPath())} data-testid="login-to-enroll">
          Log in to enroll
        </Link>
        <p class="muted small">
          New to Cohortly? <Link href={`/register?returnTo=${encodeURIComponent(currentPath())}`}>Create an account</Link>
        </p>
      </div>
    );
  }

  const onEnroll = async () => {
    setBusy(true);
    setNotice(null);
    try {
      await enroll(bootcamp.bootcampId);
      await refreshMemberships();
      toast.success(`You're enrolled in “${bootcamp.title}”.`);
      props.onChanged();
    } catch (error) {
      if (error instanceof ApiError && error.status === 402) {
        setNotice({ kind: 'info', text: `Payment required — payments arrive soon. This bootcamp costs ${formatPrice(bootcamp.priceMinor, bootcamp.currency)}; you can enroll once online payment is available.` });
      } else if (error instanceof ApiError && error.status === 409 && (error.problem.type ?? '').endsWith('/bootcamp-full')) {
        setNotice({ kind: 'error', text: 'This bootcamp is full: every seat has been taken.' });
        props.onChanged();
      } else {
        setNotice({ kind: 'error', text: errorMessage(error) });
      }
    } finally {
      setBusy(false);
    }
  };

  const onWithdraw = async () => {
    setBusy(true);
    setNotice(null);
    try {
      await withdraw(bootcamp.bootcampId, auth.user.userId);
      await refreshMemberships();
      setConfirming(false);
      toast.success(`You have withdrawn from “${bootcamp.title}”.`);
      props.onChanged();
    } catch (error) {
      setNotice({ kind: 'error', text: errorMessage(error) });
    } finally {
      setBusy(false);
    }
  };

  const noticeBox = notice ? (
    <div class={`alert alert-${notice.kind} enroll-notice`} role={notice.kind === 'error' ? 'alert' : 'status'} data-testid="enroll-notice">
      {notice.text}
    </div>
  ) : null;

  if (props.role === 'student') {
    return (
      <div class="enroll-panel">
        <span class="badge badge-enrolled" data-testid="enrolled-badge">
          <span aria-hidden="true">✓ </span>You're enrolled
        </span>
        {confirming ? (
          <div class="confirm" role="group" aria-labelledby="withdraw-question">
            <p id="withdraw-question">Withdraw from this bootcamp? Your seat goes to someone else.</p>
            <div class="confirm-actions">
              <button type="button" class="btn btn-danger btn-small" onClick={onWithdraw} disabled={busy} aria-busy={busy ? 'true' : undefined} data-testid="confirm-withdraw-button">
                {busy ? <span class="spinner" aria-hidden="true" /> : null}
                {busy ? 'Withdrawing…' : 'Yes, withdraw'}
              </button>
              <button
                type="button"
                class="btn btn-ghost btn-small"
                disabled={busy}
                onClick={() => {
                  setConfirming(false);
                  requestAnimationFrame(() => withdrawRef.current?.focus());
                }}
              >
                Stay enrolled
              </button>
            </div>
          </div>
        ) : (
          <button ref={withdrawRef} type="button" class="btn btn-ghost btn-small" onClick={() => setConfirming(true)} data-testid="withdraw-button">
            Withdraw
          </button>
        )}
        {noticeBox}
      </div>
    );
  }
  if (props.role !== null) return null; // staff
  if (!auth.user.roles.includes('student')) {
    return hasRole(auth, 'admin') ? null : <p class="muted small enroll-panel">Only student accounts can enroll.</p>;
  }
  const full = bootcamp.seatsLeft <= 0;
  return (
    <div class="enroll-panel">
      <button type="button" class="btn btn-primary" onClick={onEnroll} disabled={busy || full} aria-busy={busy ? 'true' : undefined} data-testid="enroll-button">
        {busy ? <span class="spinner" aria-hidden="true" /> : null}
        <span>{busy ? 'Enrolling…' : 'Enroll'}</span>
      </button>
      <p class="muted small">{full ? 'This bootcamp is full.' : bootcamp.priceMinor > 0 ? `${formatPrice(bootcamp.priceMinor, bootcamp.currency)} · ${plural(bootcamp.seatsLeft, 'seat')} left` : `Free · ${plural(bootcamp.seatsLeft, 'seat')} left`}</p>
      {noticeBox}
    </div>
  );
}

/** The signed-in student's own progress in this bootcamp. */
function StudentProgress(props: { bootcampId: string; studentId: string; reloadKey: number }) {
  const [progress, setProgress] = useState<Progress | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const controller = new AbortController();
    getProgress(props.bootcampId, props.studentId, controller.signal)
      .then(setProgress)
      .catch((e) => {
        if (!controller.signal.aborted) setError(errorMessage(e));
      });
    return () => controller.abort();
  }, [props.bootcampId, props.studentId, props.reloadKey]);
  return (
    <section class="progress-card" aria-labelledby="progress-heading" data-testid="progress">
      <h2 id="progress-heading" class="section-heading">
        Your progress
      </h2>
      {error ? (
        <p class="alert alert-error" role="alert">
          {error}
        </p>
      ) : progress ? (
        <ProgressSummary progress={progress} />
      ) : (
        <p class="loading-inline" role="status">
          <span class="spinner spinner-dark" aria-hidden="true" /> Loading your progress…
        </p>
      )}
    </section>
  );
}

const ROSTER_PAGE_SIZE = 20;

function RosterTab(props: { bootcamp: Bootcamp; isAdmin: boolean; onChanged: () => void }) {
  const [page, setPage] = useState(1);
  const [result, setResult] = useState<ApiPage<RosterEntry> | null>(null);
  const [busy, setBusy] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [removing, setRemoving] = useState<string | null>(null);
  const [confirm, setConfirm] = useState<string | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    setBusy(true);
    setError(null);
    listRoster(props.bootcamp.bootcampId, page, ROSTER_PAGE_SIZE, controller.signal)
      .then(setResult)
      .catch((e) => {
        if (!controller.signal.aborted) setError(errorMessage(e));
      })
      .finally(() => {
        if (!controller.signal.aborted) setBusy(false);
      });
    return () => controller.abort();
  }, [props.bootcamp.bootcampId, page, attempt]);

  const remove = async (entry: RosterEntry) => {
    setRemoving(entry.userId);
    try {
      await withdraw(props.bootcamp.bootcampId, entry.userId);
      toast.success(`${entry.displayName} was removed from the bootcamp.`);
      setConfirm(null);
      setAttempt((n) => n + 1);
      props.onChanged();
    } catch (e) {
      toast.error(errorMessage(e));
    } finally {
      setRemoving(null);
    }
  };

  return (
    <div data-testid="roster">
      <h2 class="section-heading">Roster</h2>
      <p class="muted small">
        {props.bootcamp.enrolledCount} enrolled of {props.bootcamp.capacity} seats.
      </p>
      {error ? (
        <div class="alert alert-error" role="alert">
          {error}{' '}
          <button type="button" class="btn btn-secondary btn-small" onClick={() => setAttempt((n) => n + 1)}>
            Try again
          </button>
        </div>
      ) : null}
      {!result && busy ? (
        <p class="loading-inline" role="status">
          <span class="spinner spinner-dark" aria-hidden="true" /> Loading the roster…
        </p>
      ) : null}
      {result ? (
        result.items.length === 0 ? (
          <p class="empty">Nobody has enrolled yet.</p>
        ) : (
          <div class="table-wrap" aria-busy={busy ? 'true' : undefined}>
            <table class="table table-stack">
              <caption class="visually-hidden">Students of {props.bootcamp.title}</caption>
              <thead>
                <tr>
                  <th scope="col">Student</th>
                  <th scope="col">Status</th>
                  <th scope="col">Enrolled</th>
                  {props.isAdmin ? (
                    <th scope="col">
                      <span class="visually-hidden">Actions</span>
                    </th>
                  ) : null}
                </tr>
              </thead>
              <tbody>
                {result.items.map((entry) => (
                  <tr key={entry.userId} data-testid="roster-row">
                    <th scope="row">{entry.displayName}</th>
                    <td data-label="Status">
                      <span class={`badge ${entry.status === 'active' ? 'badge-enrolled' : ''}`}>{entry.status === 'active' ? 'Active' : 'Withdrawn'}</span>
                    </td>
                    <td data-label="Enrolled">{formatDate(entry.enrolledAt)}</td>
                    {props.isAdmin ? (
                      <td class="cell-actions">
                        {entry.status !== 'active' ? null : confirm === entry.userId ? (
                          <span class="confirm-inline">
                            <button type="button" class="btn btn-danger btn-small" disabled={removing !== null} onClick={() => remove(entry)}>
                              {removing === entry.userId ? 'Removing…' : `Remove ${entry.displayName}`}
                            </button>
                            <button type="button" class="btn btn-ghost btn-small" disabled={removing !== null} onClick={() => setConfirm(null)}>
                              Cancel
                            </button>
                          </span>
                        ) : (
                          <button type="button" class="btn btn-ghost btn-small" onClick={() => setConfirm(entry.userId)}>
                            Remove<span class="visually-hidden"> {entry.displayName}</span>
                          </button>
                        )}
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )
      ) : null}
      {result ? <Pager page={result.page} pageSize={result.pageSize} total={result.total} busy={busy} label="Roster pages" onPage={setPage} /> : null}
    </div>
  );
}

function SettingsTab(props: { bootcamp: Bootcamp; isAdmin: boolean; onSaved: (bootcamp: Bootcamp) => void; onStaffAdded: () => void }) {
  const [formKey, setFormKey] = useState(0);
  const onSaved = async (patch: Partial<BootcampInput>) => {
    if (Object.keys(patch).length === 0) {
      toast.info('Nothing to save: no field changed.');
      return;
    }
    const updated = await updateBootcamp(props.bootcamp.bootcampId, patch);
    props.onSaved(updated);
    setFormKey((n) => n + 1);
    toast.success('Bootcamp details saved.');
  };
  return (
    <div>
      <section aria-labelledby="edit-heading">
        <h2 id="edit-heading" class="section-heading">
          Edit details
        </h2>
        <BootcampForm key={formKey} mode="edit" bootcamp={props.bootcamp} onSaved={onSaved} onCancel={() => setFormKey((n) => n + 1)} />
      </section>
      {props.isAdmin ? <AddStaffForm bootcampId={props.bootcamp.bootcampId} onAdded={props.onStaffAdded} /> : null}
    </div>
  );
}

const staffRoleOptions = [
  { value: 'instructor', label: 'Instructor' },
  { value: 'mentor', label: 'Mentor' },
] as const;

function AddStaffForm(props: { bootcampId: string; onAdded: () => void }) {
  const [userId, setUserId] = useState('');
  const [role, setRole] = useState<StaffRole>('instructor');
  const form = useFormSubmit(['userId', 'role']);
  const onSubmit = form.onSubmit(
    async () => {
      try {
        await assignStaff(props.bootcampId, userId.trim(), role);
      } catch (error) {
        // The bootcamp is the one on screen, so a 404 is about the user.
        if (error instanceof ApiError && error.status === 404) {
          throw new ApiError(404, { ...error.problem, errors: { userId: ['No user has this ID.'] } });
        }
        throw error;
      }
      toast.success(`Added as ${role}.`);
      setUserId('');
      props.onAdded();
    },
    () => collectErrors({ userId: required(userId, "Enter the user's ID.") }),
  );
  return (
    <section class="subsection" aria-labelledby="add-staff-heading" data-testid="add-staff">
      <h2 id="add-staff-heading" class="section-heading">
        Add staff
      </h2>
      <p class="muted small">
        Find a user's ID on the <Link href="/admin/users">Users</Link> page (search by email). They get the role's account permission too.
      </p>
      <form ref={form.formRef} onSubmit={onSubmit} noValidate data-testid="add-staff-form">
        <FormAlert message={form.message} alertRef={form.alertRef} />
        <div class="field-row">
          <TextField label="User ID" name="userId" required value={userId} onValue={setUserId} errors={form.errorsFor('userId')} autoComplete="off" spellcheck={false} />
          <SelectField label="Staff role" name="role" required value={role} onValue={(v) => setRole(v as StaffRole)} options={staffRoleOptions} errors={form.errorsFor('role')} />
        </div>
        <div class="form-actions">
          <SubmitButton busy={form.busy} busyLabel="Adding…">
            Add staff
          </SubmitButton>
        </div>
      </form>
    </section>
  );
}
