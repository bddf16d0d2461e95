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
import { LoadState, ProgressLine, useLoad } from '../shared/load';
import { NotFoundPage, useFocusHeadingWhenReady } from '../shared/page';
import { errorMessage } from '../shared/problem';
import { Link } from '../shared/router';
import { toast } from '../shared/toasts';
import type { PageProps } from '../routes';
import './assignments.css';

/** Another assignment is another page: its data and panels start afresh. */
export function AssignmentPage({ params }: PageProps) {
  return <AssignmentScreen key={params.assignmentId} assignmentId={params.assignmentId} />;
}

/** The assignment with its bootcamp's title for the breadcrumb (which falls back to a plain label if that read fails). */
async function loadAssignment(assignmentId: string, signal: AbortSignal): Promise<{ assignment: Assignment; bootcampTitle: string | null }> {
  const assignment = await getAssignment(assignmentId, signal);
  const bootcampTitle = await getBootcamp(assignment.bootcampId, signal).then(
    (bootcamp) => bootcamp.title,
    () => null,
  );
  return { assignment, bootcampTitle };
}

/**
 * One assignment. Enrolled students submit versions and see their grade; instructors grade,
 * grant extensions and close or reopen it; mentors and admins read the submissions.
 */
function AssignmentScreen({ assignmentId }: { assignmentId: string }) {
  const auth = useAuth();
  const load = useLoad((signal) => loadAssignment(assignmentId, signal), [assignmentId]);
  const membership = useBootcampRole(load.data?.assignment.bootcampId);

  const title = load.data?.assignment.title;
  useEffect(() => {
    if (title) document.title = `${title} · Cohortly`;
  }, [title]);
  useFocusHeadingWhenReady(load.data !== null);

  if (load.data === null && isApiError(load.error, 404)) return <NotFoundPage />;
  if (load.data === null && isApiError(load.error, 403)) {
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
  const setAssignment = (updated: Assignment) => load.setData((current) => current && { ...current, assignment: updated });

  return (
    <LoadState load={load} page={{ title: 'Assignment', testId: 'assignment-page' }} busyLabel="Loading the assignment…" failure="This assignment could not be loaded">
      {({ assignment, bootcampTitle }) => {
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
                </dd>
              </div>
            </dl>

            {assignment.description ? <div class="prose assignment-description">{assignment.description}</div> : null}

            {membership.loading ? (
              <ProgressLine label="Checking your role in this bootcamp…" />
            ) : role === 'student' ? (
              <StudentWork assignment={assignment} onChanged={load.retry} />
            ) : role === 'instructor' || role === 'mentor' || isAdmin ? (
              <GradingView assignment={assignment} canGrade={isInstructor} />
            ) : null}
          </article>
        );
      }}
    </LoadState>
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
