import { useEffect, useRef, useState } from 'preact/hooks';
import { getSubmissionSummary, getVersion, grantExtension, listLatestSubmissions, saveGrade, type Assignment, type Grade, type SubmissionSummary, type SubmissionVersion } from './api';
import { describeGrade } from './describe';
import { VersionItem } from './VersionItem';
import { formatDateTime, formatNumber, fromLocalInput, localTimeZone, toLocalInput } from '../shared/format';
import { listRoster, type RosterEntry } from '../bootcamps/api';
import { collectErrors, FormAlert, SelectField, SubmitButton, TextAreaField, TextField, useFormSubmit, type FieldErrors } from '../shared/forms';
import { LoadState, useLoad } from '../shared/load';
import { Pager } from '../shared/pager';
import { useQuery } from '../shared/router';
import { toast } from '../shared/toasts';

const PAGE_SIZE = 20;
/** Versions are fetched one by one (newest first), a few at a time. */
const VERSION_BATCH = 5;

/**
 * Staff and admins: the latest submission of each student. Instructors grade and grant extensions;
 * mentors and admins read.
 */
export function GradingView(props: { assignment: Assignment; canGrade: boolean }) {
  const { assignment } = props;
  const [page, setPage] = useState(1);
  const submissions = useLoad((signal) => listLatestSubmissions(assignment.assignmentId, page, PAGE_SIZE, signal), [assignment.assignmentId, page]);
  // `?student=` (the home's "Grade …" links) opens that student's work at once, on whichever page their row is.
  const requestedId = useQuery().get('student');
  const [selectedId, setSelectedId] = useState<string | null>(requestedId);
  const [requestedRow, setRequestedRow] = useState<SubmissionSummary | null>(null);
  useEffect(() => {
    if (!requestedId) return;
    const controller = new AbortController();
    getSubmissionSummary(assignment.assignmentId, requestedId, controller.signal).then(setRequestedRow, () => setRequestedRow(null));
    return () => controller.abort();
  }, [assignment.assignmentId, requestedId]);

  const updateRow = (studentId: string, change: Partial<SubmissionSummary>) => {
    submissions.setData((r) => (r ? { ...r, items: r.items.map((row) => (row.studentId === studentId ? { ...row, ...change } : row)) } : r));
    setRequestedRow((row) => (row?.studentId === studentId ? { ...row, ...change } : row));
  };

  const selected = submissions.data?.items.find((r) => r.studentId === selectedId) ?? (requestedRow?.studentId === selectedId ? requestedRow : null);

  return (
    <section class="grading" aria-labelledby="grading-heading" data-testid="grading-view">
      <div class="section-head">
        <h2 id="grading-heading" class="section-heading">
          {props.canGrade ? 'Grading' : 'Submissions'}
        </h2>
        <button type="button" class="btn btn-ghost btn-small" onClick={submissions.retry} disabled={submissions.busy} aria-busy={submissions.busy ? 'true' : undefined}>
          {submissions.busy ? <span class="spinner spinner-dark" aria-hidden="true" /> : null}
          Refresh
        </button>
      </div>
      <p class="muted small">
        {props.canGrade
          ? 'The latest version of each student who has submitted. Open a row to read their versions and grade the latest one.'
          : 'The latest version of each student who has submitted. Open a row to read their versions (grading is for instructors).'}
      </p>
      <LoadState load={submissions} busyLabel="Loading submissions…" failure="The submissions could not be loaded">
        {(result) =>
          result.total === 0 ? (
            <p class="empty" data-testid="no-submissions">
              No student has submitted yet.
            </p>
          ) : (
            <>
              <p class="muted small" role="status">
                {result.total} {result.total === 1 ? 'student has' : 'students have'} submitted · {gradedCount(result.items)} of {result.items.length} on this page graded at their latest version
              </p>
              <div class="table-wrap" tabIndex={0} role="region" aria-label="Submissions to grade">
                <table class="table table-stack grading-table" data-testid="grading-table">
                  <caption class="visually-hidden">Latest submission per student</caption>
                  <thead>
                    <tr>
                      <th scope="col">Student</th>
                      <th scope="col">Version</th>
                      <th scope="col">Submitted</th>
                      <th scope="col">Status</th>
                      <th scope="col">Grade</th>
                    </tr>
                  </thead>
                  <tbody>
                    {result.items.map((row) => (
                      <SubmissionRow key={row.studentId} row={row} selected={row.studentId === selectedId} onOpen={() => setSelectedId(row.studentId === selectedId ? null : row.studentId)} />
                    ))}
                  </tbody>
                </table>
              </div>
              <Pager page={result.page} pageSize={result.pageSize} total={result.total} busy={submissions.busy} label="Submission pages" onPage={setPage} />
            </>
          )
        }
      </LoadState>
      {props.canGrade ? <OtherStudentExtension assignment={assignment} onExtended={(studentId, dueAt) => updateRow(studentId, { extendedDueAt: dueAt })} /> : null}
      {selected ? (
        <StudentPanel
          key={`${selected.studentId}-${selected.latestVersion}`}
          assignment={assignment}
          row={selected}
          canGrade={props.canGrade}
          onClose={() => setSelectedId(null)}
          onGraded={(grade) => updateRow(selected.studentId, { grade })}
          onExtended={(extendedDueAt) => updateRow(selected.studentId, { extendedDueAt })}
        />
      ) : null}
    </section>
  );
}

/** Rows whose grade is for the student's latest version. */
function gradedCount(rows: readonly SubmissionSummary[]): number {
  return rows.filter((r) => r.grade && r.grade.version === r.latestVersion).length;
}

function SubmissionRow({ row, selected, onOpen }: { row: SubmissionSummary; selected: boolean; onOpen: () => void }) {
  const stale = row.grade !== null && row.grade.version < row.latestVersion;
  return (
    <tr class={`grading-row${selected ? ' is-selected' : ''}`} data-testid="grading-row" data-student-id={row.studentId} onClick={onOpen}>
      <th scope="row">
        <button
          type="button"
          class="link-button"
          aria-expanded={selected ? 'true' : 'false'}
          aria-controls="student-work-panel"
          onClick={(e) => {
            e.stopPropagation();
            onOpen();
          }}
        >
          {row.studentName || row.studentId}
        </button>
      </th>
      <td data-testid="row-version" data-label="Version">
        v{row.latestVersion}
      </td>
      <td data-label="Submitted">
        <time dateTime={row.submittedAt}>{formatDateTime(row.submittedAt)}</time>
        {row.extendedDueAt ? <span class="muted small block">Extended to {formatDateTime(row.extendedDueAt)}</span> : null}
      </td>
      <td data-label="Status">{row.late ? <span class="badge badge-late">Late</span> : <span class="badge badge-ontime">On time</span>}</td>
      <td data-testid="row-grade" data-label="Grade">
        {row.grade ? (
          <>
            <strong>{describeGrade(row.grade).published}</strong>
            {describeGrade(row.grade).raw ? <span class="muted small"> (raw {describeGrade(row.grade).raw})</span> : null}
            {stale ? <span class="badge badge-warning block-badge">v{row.grade.version} graded · newer version</span> : null}
          </>
        ) : (
          <span class="muted">Not graded</span>
        )}
      </td>
    </tr>
  );
}

/** One student's versions (newest first), the grade form and the extension control. */
function StudentPanel(props: {
  assignment: Assignment;
  row: SubmissionSummary;
  canGrade: boolean;
  onClose: () => void;
  onGraded: (grade: Grade) => void;
  onExtended: (dueAt: string) => void;
}) {
  const { assignment, row } = props;
  // The newest versions first, VERSION_BATCH more each time "Show older" asks; each version is read once.
  const [oldestShown, setOldestShown] = useState(Math.max(1, row.latestVersion - VERSION_BATCH + 1));
  const fetched = useRef(new Map<number, SubmissionVersion>());
  const versions = useLoad(async (signal) => {
    const wanted: number[] = [];
    for (let n = row.latestVersion; n >= oldestShown; n--) wanted.push(n);
    const found = await Promise.all(wanted.filter((n) => !fetched.current.has(n)).map((n) => getVersion(assignment.assignmentId, row.studentId, n, signal)));
    for (const version of found) fetched.current.set(version.version, version);
    return wanted.map((n) => fetched.current.get(n)!);
  }, [oldestShown]);
  // A grade saved here belongs to the version it graded (the latest); no other version carries it now.
  const [savedGrade, setSavedGrade] = useState<Grade | null>(null);
  const gradeOf = (version: SubmissionVersion) => (savedGrade ? (version.version === savedGrade.version ? savedGrade : null) : version.grade);
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    requestAnimationFrame(() => headingRef.current?.focus());
  }, []);

  const name = row.studentName || row.studentId;
  return (
    <section id="student-work-panel" class="student-panel" aria-labelledby="student-panel-heading" data-testid="student-work">
      <div class="section-head">
        <h3 id="student-panel-heading" tabIndex={-1} ref={headingRef}>
          {name}'s work
        </h3>
        <button type="button" class="btn btn-ghost btn-small" onClick={props.onClose}>
          Close<span class="visually-hidden"> {name}'s work</span>
        </button>
      </div>
      <div class="student-panel-grid">
        <div class="student-panel-versions">
          <h4>Versions</h4>
          <LoadState load={versions} busyLabel="Loading versions…" failure="The versions could not be loaded">
            {(shown) => (
              <ol class="version-list" reversed start={row.latestVersion} data-testid="student-versions">
                {shown.map((v) => (
                  <VersionItem key={v.version} version={{ ...v, grade: gradeOf(v) }} latest={v.version === row.latestVersion} />
                ))}
              </ol>
            )}
          </LoadState>
          {oldestShown > 1 && versions.data ? (
            <button type="button" class="btn btn-secondary btn-small" onClick={() => setOldestShown((n) => Math.max(1, n - VERSION_BATCH))} disabled={versions.busy} aria-busy={versions.busy ? 'true' : undefined}>
              {versions.busy ? <span class="spinner spinner-dark" aria-hidden="true" /> : null}
              {versions.busy ? 'Loading versions…' : `Show older versions (${oldestShown - 1} more)`}
            </button>
          ) : null}
        </div>
        <div class="student-panel-side">
          {props.canGrade ? (
            <GradeForm
              assignment={assignment}
              row={row}
              onGraded={(grade) => {
                setSavedGrade(grade);
                props.onGraded(grade);
              }}
            />
          ) : (
            <div class="readonly-grade" data-testid="readonly-grade">
              <h4>Grade</h4>
              {row.grade ? (
                <>
                  <p>
                    <strong>{describeGrade(row.grade).published}</strong> published
                    {describeGrade(row.grade).raw ? ` (raw ${describeGrade(row.grade).raw})` : ''} · version {row.grade.version}
                  </p>
                  {row.grade.feedback ? <div class="feedback">{row.grade.feedback}</div> : <p class="muted">No written feedback.</p>}
                </>
              ) : (
                <p class="muted">Not graded yet.</p>
              )}
            </div>
          )}
          {props.canGrade ? <ExtensionForm assignment={assignment} row={row} onExtended={props.onExtended} /> : row.extendedDueAt ? <p class="muted small">Extended to {formatDateTime(row.extendedDueAt)}.</p> : null}
        </div>
      </div>
    </section>
  );
}

function GradeForm(props: { assignment: Assignment; row: SubmissionSummary; onGraded: (grade: Grade) => void }) {
  const { assignment, row } = props;
  const current = row.grade;
  const [score, setScore] = useState(current ? String(current.score) : '');
  const [feedback, setFeedback] = useState(current?.feedback ?? '');
  const form = useFormSubmit(['score', 'feedback']);

  const validate = (): FieldErrors => {
    const value = Number(score.replace(',', '.'));
    if (score.trim() === '' || !Number.isFinite(value)) return { score: ['Enter a score.'] };
    if (value < 0 || value > assignment.maxScore) return { score: [`Enter a score from 0 to ${assignment.maxScore}.`] };
    return {};
  };

  const onSubmit = form.onSubmit(async () => {
    const grade = await saveGrade(assignment.assignmentId, row.studentId, Number(score.replace(',', '.')), feedback);
    props.onGraded(grade);
    const { published, raw } = describeGrade(grade);
    toast.success(raw ? `Grade saved for ${row.studentName}: ${published} published (${raw} before the late penalty).` : `Grade saved for ${row.studentName}: ${published}.`);
  }, validate);

  return (
    <form ref={form.formRef} onSubmit={onSubmit} noValidate class="grade-form" data-testid="grade-form">
      <h4>Grade version {row.latestVersion}</h4>
      <p class="muted small">
        {row.late ? `Submitted late: the late policy lowers the published score. ` : ''}
        {current ? `Currently ${describeGrade(current).published} (version ${current.version}). Saving replaces it.` : 'Not graded yet.'}
      </p>
      <FormAlert message={form.message} alertRef={form.alertRef} />
      <TextField
        label="Score"
        name="score"
        type="number"
        required
        min={0}
        max={assignment.maxScore}
        step="any"
        inputMode="decimal"
        value={score}
        onValue={setScore}
        errors={form.errorsFor('score')}
        hint={`From 0 to ${formatNumber(assignment.maxScore)}.`}
      />
      <TextAreaField label="Feedback" name="feedback" value={feedback} onValue={setFeedback} errors={form.errorsFor('feedback')} rows={5} hint="The student sees this with their grade." />
      <div class="form-actions">
        <SubmitButton busy={form.busy} busyLabel="Saving…">
          Save grade
        </SubmitButton>
      </div>
    </form>
  );
}

function ExtensionForm(props: { assignment: Assignment; row: SubmissionSummary; onExtended: (dueAt: string) => void }) {
  const { assignment, row } = props;
  const [dueAt, setDueAt] = useState(toLocalInput(row.extendedDueAt ?? assignment.dueAt));
  const form = useFormSubmit(['dueAt']);
  const onSubmit = form.onSubmit(
    async () => {
      const iso = fromLocalInput(dueAt)!;
      await grantExtension(assignment.assignmentId, row.studentId, iso);
      props.onExtended(iso);
      toast.success(`${row.studentName} may now submit until ${formatDateTime(iso)}.`);
    },
    (): FieldErrors => {
      const iso = fromLocalInput(dueAt);
      if (!iso) return { dueAt: ['Enter the new due date and time.'] };
      if (new Date(iso) <= new Date(assignment.dueAt)) return { dueAt: [`Pick a time after the due date (${formatDateTime(assignment.dueAt)}).`] };
      return {};
    },
  );
  return (
    <form ref={form.formRef} onSubmit={onSubmit} noValidate class="extension-form" data-testid="extension-form">
      <h4>Extension</h4>
      <p class="muted small">{row.extendedDueAt ? `Extended to ${formatDateTime(row.extendedDueAt)}.` : `Due ${formatDateTime(assignment.dueAt)} like everyone else.`}</p>
      <FormAlert message={form.message} alertRef={form.alertRef} />
      <TextField label="Extended due date" name="dueAt" type="datetime-local" required value={dueAt} onValue={setDueAt} errors={form.errorsFor('dueAt')} hint={`In your time zone (${localTimeZone()}). Later versions up to then are on time.`} />
      <div class="form-actions">
        <SubmitButton busy={form.busy} busyLabel="Granting…" variant="secondary">
          Grant extension
        </SubmitButton>
      </div>
    </form>
  );
}

/**
 * Extensions for students who have not submitted yet (the table lists only those who have): pick
 * the student from the roster.
 */
function OtherStudentExtension(props: { assignment: Assignment; onExtended: (studentId: string, dueAt: string) => void }) {
  const [open, setOpen] = useState(false);
  return (
    <div class="other-extension">
      <button type="button" class="btn btn-ghost btn-small" aria-expanded={open ? 'true' : 'false'} aria-controls="other-extension-form" onClick={() => setOpen((o) => !o)} data-testid="other-extension-toggle">
        {open ? 'Hide' : 'Grant an extension to a student who has not submitted'}
      </button>
      {open ? (
        <div id="other-extension-form" class="extension-form">
          <RosterExtensionForm assignment={props.assignment} onExtended={props.onExtended} />
        </div>
      ) : null}
    </div>
  );
}

/** The roster's active students, read when the form opens. */
function RosterExtensionForm(props: { assignment: Assignment; onExtended: (studentId: string, dueAt: string) => void }) {
  const roster = useLoad((signal) => listRoster(props.assignment.bootcampId, 1, 100, signal), [props.assignment.bootcampId]);
  return (
    <LoadState load={roster} busyLabel="Loading the roster…" failure="The roster could not be loaded">
      {(page) => {
        const students = page.items.filter((s) => s.status === 'active');
        return students.length === 0 ? <p class="muted">No student is enrolled.</p> : <PickStudentExtensionForm assignment={props.assignment} students={students} onExtended={props.onExtended} />;
      }}
    </LoadState>
  );
}

function PickStudentExtensionForm(props: { assignment: Assignment; students: readonly RosterEntry[]; onExtended: (studentId: string, dueAt: string) => void }) {
  const { assignment, students } = props;
  const [studentId, setStudentId] = useState(students[0].userId);
  const [dueAt, setDueAt] = useState(toLocalInput(assignment.dueAt));
  const form = useFormSubmit(['studentId', 'dueAt']);

  const onSubmit = form.onSubmit(
    async () => {
      const iso = fromLocalInput(dueAt)!;
      await grantExtension(assignment.assignmentId, studentId, iso);
      props.onExtended(studentId, iso);
      const name = students.find((s) => s.userId === studentId)?.displayName ?? 'The student';
      toast.success(`${name} may now submit until ${formatDateTime(iso)}.`);
    },
    (): FieldErrors => {
      const iso = fromLocalInput(dueAt);
      return collectErrors({
        studentId: studentId ? [] : ['Pick a student.'],
        dueAt: !iso ? ['Enter the new due date and time.'] : new Date(iso) <= new Date(assignment.dueAt) ? [`Pick a time after the due date (${formatDateTime(assignment.dueAt)}).`] : [],
      });
    },
  );

  return (
    <form ref={form.formRef} onSubmit={onSubmit} noValidate data-testid="other-extension-form">
      <FormAlert message={form.message} alertRef={form.alertRef} />
      <div class="field-row">
        <SelectField label="Student" name="studentId" required value={studentId} onValue={setStudentId} options={students.map((s) => ({ value: s.userId, label: s.displayName }))} errors={form.errorsFor('studentId')} />
        <TextField label="New due date" name="dueAt" type="datetime-local" required value={dueAt} onValue={setDueAt} errors={form.errorsFor('dueAt')} hint={`In your time zone (${localTimeZone()}).`} />
      </div>
      <div class="form-actions">
        <SubmitButton busy={form.busy} busyLabel="Granting…" variant="secondary">
          Grant extension
        </SubmitButton>
      </div>
    </form>
  );
}
