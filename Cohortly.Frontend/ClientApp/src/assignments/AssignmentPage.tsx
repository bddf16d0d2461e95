import { useEffect, useState } from 'preact/hooks';
import { getAssignment, updateAssignment, type Assignment } from './api';
import { describeLatePolicy, formatFileSize } from './describe';
import { GradingView } from './GradingView';
import { StudentWork } from './StudentWork';
import { getBootcamp } from '../bootcamps/api';
import { useBootcampRole } from '../bootcamps/membership';
import { isApiError } from '../shared/api';
import { hasRole, useAuth } from '../shared/auth';
import { formatDateTime, formatNumber, formatRelative, isPast } from '../shared/format';
import { LoadingPage, NotFoundPage, useFocusHeadingWhenReady } from '../shared/page';
import { errorMessage } from '../shared/problem';
import { Link } from '../shared/router';
import { toast } from '../shared/toasts';
import type { PageProps } from '../routes';
import './assignments.css';

/**
 * One assignment. Enrolled students submit versions and see their grade; instructors grade,
 * grant extensions and close or reopen it; mentors and admins read the submissions.
 */
export function AssignmentPage({ params }: PageProps) {
  const assignmentId = params.assignmentId;
  const auth = useAuth();
  const [assignment, setAssignment] = useState<Assignment | null>(null);
  const [bootcampTitle, setBootcampTitle] = useState<string | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [reload, setReload] = useState(0);
  const membership = useBootcampRole(assignment?.bootcampId);

  useEffect(() => {
    const controller = new AbortController();
    setLoadError(null);
    setAssignment((a) => (a && a.assignmentId === assignmentId ? a : null));
    getAssignment(assignmentId, controller.signal)
      .then((found) => {
        setAssignment(found);
        return getBootcamp(found.bootcampId, controller.signal).then((b) => setBootcampTitle(b.title));
      })
      .catch((e) => {
        if (!controller.signal.aborted) setLoadError(e);
      });
    return () => controller.abort();
  }, [assignmentId, reload]);

  useEffect(() => {
    if (assignment) document.title = `${assignment.title} · Cohortly`;
  }, [assignment?.title]);
  useFocusHeadingWhenReady(assignment !== null);

  if (!assignment && isApiError(loadError, 404)) return <NotFoundPage />;
  if (!assignment && isApiError(loadError, 403)) {
    return (
      <article class="card card-narrow" data-testid="assignment-forbidden">
        <h1 tabIndex={-1} class="page-title">
          Members only
        </h1>
        <p class="lead">Only the members of this assignment's bootcamp can see it. Enroll in the bootcamp first.</p>
        <p class="actions">
          <Link class="btn btn-primary" href="/bootcamps">
            Browse bootcamps
          </Link>
        </p>
      </article>
    );
  }
  if (!assignment && loadError) {
    return (
      <article class="card card-narrow" data-testid="assignment-page">
        <h1 tabIndex={-1} class="page-title">
          Assignment
        </h1>
        <div class="alert alert-error" role="alert">
          This assignment could not be loaded: {errorMessage(loadError)}
        </div>
        <button type="button" class="btn btn-secondary" onClick={() => setReload((n) => n + 1)}>
          Try again
        </button>
      </article>
    );
  }
  if (!assignment) return <LoadingPage label="Loading the assignment…" />;

  const role = membership.role;
  const isAdmin = hasRole(auth, 'admin');
  const isInstructor = role === 'instructor';
  const due = assignment.dueAt;

  return (
    <article class="card card-wide card-roomy assignment-page" data-testid="assignment-page">
      <p class="breadcrumb">
        <Link href={`/bootcamps/${encodeURIComponent(assignment.bootcampId)}`}>← {bootcampTitle ?? 'Back to the bootcamp'}</Link>
      </p>
      <header class="assignment-header">
        <div>
          <h1 tabIndex={-1} class="page-title" data-testid="assignment-title">
            {assignment.title}
          </h1>
          <p class="assignment-due">
            Due <time dateTime={due}>{formatDateTime(due)}</time> <span class="muted">({formatRelative(due)})</span>
            {assignment.closed ? (
              <span class="badge badge-closed" data-testid="closed-badge">
                Closed
              </span>
            ) : isPast(due) ? (
              <span class="badge badge-late">Past due</span>
            ) : (
              <span class="badge badge-ontime">Open</span>
            )}
          </p>
        </div>
        {isInstructor ? <CloseToggle assignment={assignment} onChanged={setAssignment} /> : null}
      </header>

      <dl class="facts">
        <div>
          <dt>Max score</dt>
          <dd data-testid="max-score">{formatNumber(assignment.maxScore)}</dd>
        </div>
        <div class="fact-wide">
          <dt>Late policy</dt>
          <dd data-testid="late-policy">{describeLatePolicy(assignment.latePolicy)}</dd>
        </div>
        <div class="fact-wide">
          <dt>Files</dt>
          <dd>
            {assignment.allowedExtensions.length > 0 ? `${assignment.allowedExtensions.join(', ')} up to ${formatFileSize(assignment.maxFileBytes)}` : `Up to ${formatFileSize(assignment.maxFileBytes)}`}
            <span class="muted small"> · uploads arrive soon</span>
          </dd>
        </div>
      </dl>

      {assignment.description ? <div class="prose assignment-description">{assignment.description}</div> : null}

      {membership.loading ? (
        <p class="loading-inline" role="status">
          <span class="spinner spinner-dark" aria-hidden="true" /> Checking your role in this bootcamp…
        </p>
      ) : role === 'student' ? (
        <StudentWork key={assignment.assignmentId} assignment={assignment} onChanged={() => setReload((n) => n + 1)} />
      ) : role === 'instructor' || role === 'mentor' || isAdmin ? (
        <GradingView key={assignment.assignmentId} assignment={assignment} canGrade={isInstructor} />
      ) : null}
    </article>
  );
}

/** Instructors: close the assignment to submissions, or reopen it. */
function CloseToggle(props: { assignment: Assignment; onChanged: (assignment: Assignment) => void }) {
  const [busy, setBusy] = useState(false);
  const closed = props.assignment.closed;
  const toggle = async () => {
    setBusy(true);
    try {
      const updated = await updateAssignment(props.assignment.assignmentId, { closed: !closed });
      props.onChanged(updated);
      toast.success(updated.closed ? 'Closed: students can no longer submit.' : 'Reopened: students can submit again.');
    } catch (e) {
      toast.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="close-toggle">
      <button type="button" class={`btn ${closed ? 'btn-primary' : 'btn-secondary'}`} onClick={toggle} disabled={busy} aria-busy={busy ? 'true' : undefined} data-testid="close-toggle">
        {busy ? <span class={`spinner${closed ? '' : ' spinner-dark'}`} aria-hidden="true" /> : null}
        {busy ? 'Saving…' : closed ? 'Reopen for submissions' : 'Close to submissions'}
      </button>
      <p class="muted small">{closed ? 'Students cannot submit now.' : 'Students can submit new versions.'}</p>
    </div>
  );
}
