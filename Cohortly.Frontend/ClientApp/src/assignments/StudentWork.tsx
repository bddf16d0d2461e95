import { useEffect, useState } from 'preact/hooks';
import { listMyVersions, submitWork, type Assignment, type Grade } from './api';
import { daysLateText, describeGrade, formatScore } from './describe';
import { VersionItem } from './VersionItem';
import { formatBytes, type FileInfo } from '../files/api';
import { DropZone } from '../files/DropZone';
import { formatDateTime, isPast } from '../shared/format';
import { FormAlert, SubmitButton, TextAreaField, useFormSubmit, type FieldErrors } from '../shared/forms';
import { LoadState, useLoad } from '../shared/load';
import { Pager } from '../shared/pager';
import { ApiError } from '../shared/problem';
import { toast } from '../shared/toasts';

const PAGE_SIZE = 20;
const TEXT_MAX = 50_000;

/** An enrolled student's side of an assignment: the submit form, their versions and their grade. */
export function StudentWork(props: { assignment: Assignment; onChanged: () => void }) {
  const { assignment } = props;
  const [page, setPage] = useState(1);
  const versions = useLoad((signal) => listMyVersions(assignment.assignmentId, page, PAGE_SIZE, signal), [assignment.assignmentId, page]);
  // The grade comes on the version it graded, so it stays known while other pages of versions are shown.
  const [grade, setGrade] = useState<Grade | null>(null);
  useEffect(() => {
    const found = versions.data;
    if (!found) return;
    const graded = found.items.find((v) => v.grade)?.grade;
    if (graded) setGrade(graded);
    else if (found.page === 1 && found.items.length === found.total) setGrade(null);
  }, [versions.data]);

  const latestVersion = versions.data && versions.data.page === 1 ? (versions.data.items[0]?.version ?? 0) : null;

  return (
    <div class="student-work">
      {grade ? <GradeCard grade={grade} latestVersion={latestVersion} /> : null}
      <SubmitForm
        assignment={assignment}
        nextVersion={(versions.data?.total ?? 0) + 1}
        onSubmitted={() => {
          setPage(1);
          versions.retry();
        }}
        onClosed={props.onChanged}
      />
      <section class="versions" aria-labelledby="my-versions-heading" data-testid="my-versions">
        <h2 id="my-versions-heading" class="section-heading">
          Your versions
        </h2>
        <LoadState load={versions} busyLabel="Loading your versions…" failure="Your versions could not be loaded">
          {(found) =>
            found.total === 0 ? (
              <p class="empty" data-testid="no-versions">
                You haven't submitted anything yet. Every submission becomes a new version; earlier ones stay readable here.
              </p>
            ) : (
              <>
                <ol class="version-list" reversed start={found.total - (found.page - 1) * found.pageSize}>
                  {found.items.map((v) => (
                    <VersionItem key={v.version} version={v} latest={v.version === found.total} />
                  ))}
                </ol>
                <Pager page={found.page} pageSize={found.pageSize} total={found.total} busy={versions.busy} label="Version pages" onPage={setPage} />
              </>
            )
          }
        </LoadState>
      </section>
    </div>
  );
}

function SubmitForm(props: { assignment: Assignment; nextVersion: number; onSubmitted: () => void; onClosed: () => void }) {
  const { assignment } = props;
  const [text, setText] = useState('');
  const [files, setFiles] = useState<FileInfo[]>([]);
  const [uploadsKey, setUploadsKey] = useState(0);
  const [uploading, setUploading] = useState(false);
  const form = useFormSubmit(['text', 'fileIds']);

  const onSubmit = form.onSubmit(
    async () => {
      try {
        const receipt = await submitWork(assignment.assignmentId, text, files.map((f) => f.fileId));
        setText('');
        setUploadsKey((n) => n + 1);
        toast.success(receipt.late ? `Version ${receipt.version} submitted. It is marked late.` : `Version ${receipt.version} submitted on time.`);
        props.onSubmitted();
      } catch (error) {
        if (error instanceof ApiError && error.status === 409 && (error.problem.type ?? '').endsWith('/assignment-closed')) props.onClosed();
        throw error;
      }
    },
    (): FieldErrors => {
      if (!text.trim() && files.length === 0) return { text: ['Write your answer or attach a file before submitting.'] };
      if (text.length > TEXT_MAX) return { text: [`Use at most ${TEXT_MAX.toLocaleString()} characters.`] };
      return {};
    },
  );

  const late = isPast(assignment.dueAt);
  return (
    <section class="submit-section" aria-labelledby="submit-heading">
      <h2 id="submit-heading" class="section-heading">
        {props.nextVersion > 1 ? 'Submit a new version' : 'Submit your work'}
      </h2>
      {assignment.closed ? (
        <p class="alert alert-warning" role="status" data-testid="closed-notice">
          This assignment is closed: the instructor is not taking submissions right now.
        </p>
      ) : late ? (
        <p class="alert alert-warning" role="note">
          The due date ({formatDateTime(assignment.dueAt)}) has passed: a submission now is marked late, unless your instructor gave you an extension.
        </p>
      ) : null}
      <form ref={form.formRef} onSubmit={onSubmit} noValidate data-testid="submit-form">
        <FormAlert message={form.message} alertRef={form.alertRef} />
        <TextAreaField
          label="Your answer"
          name="text"
          value={text}
          onValue={setText}
          errors={form.errorsFor('text')}
          rows={8}
          disabled={assignment.closed}
          hint={props.nextVersion > 1 ? `This becomes version ${props.nextVersion}; your earlier versions stay as they are.` : 'Write or paste your answer. You can submit again later; each submission is a new version.'}
        />
        <DropZone
          target={{ purpose: 'submission', assignmentId: assignment.assignmentId }}
          accept={assignment.allowedExtensions}
          maxBytes={assignment.maxFileBytes}
          disabled={assignment.closed}
          resetKey={uploadsKey}
          label="Attach files"
          hint={`${assignment.allowedExtensions.length > 0 ? `Accepted: ${assignment.allowedExtensions.join(', ')}. ` : ''}Up to ${formatBytes(assignment.maxFileBytes)} each.`}
          onChange={setFiles}
          onBusy={setUploading}
        />
        <div class="form-actions">
          <SubmitButton busy={form.busy} busyLabel="Submitting…" disabled={assignment.closed || uploading}>
            {uploading ? 'Waiting for uploads…' : 'Submit'}
          </SubmitButton>
        </div>
      </form>
    </section>
  );
}

/** The student's grade: raw score, the published score after any late penalty, and the feedback. */
function GradeCard({ grade, latestVersion }: { grade: Grade; latestVersion: number | null }) {
  const { published } = describeGrade(grade);
  const penalized = grade.publishedScore !== grade.score;
  return (
    <section class="grade-card" aria-labelledby="grade-heading" data-testid="grade-card">
      <h2 id="grade-heading" class="section-heading">
        Your grade
      </h2>
      <dl class="grade-details">
        <div>
          <dt>Published score</dt>
          <dd>
            <strong class="grade-big" data-testid="grade-published">
              {published}
            </strong>
            {penalized ? <span class="muted small"> after the late penalty ({daysLateText(grade.daysLate)})</span> : null}
          </dd>
        </div>
        <div>
          <dt>Score</dt>
          <dd data-testid="grade-score">
            {formatScore(grade.score, grade.maxScore)}
            {penalized ? <span class="muted small"> before the late penalty</span> : null}
          </dd>
        </div>
        <div>
          <dt>Graded</dt>
          <dd>
            {formatDateTime(grade.gradedAt)} <span class="muted small">· version {grade.version}</span>
          </dd>
        </div>
      </dl>
      <h3 class="feedback-heading">Feedback</h3>
      {grade.feedback ? (
        <div class="feedback" data-testid="grade-feedback">
          {grade.feedback}
        </div>
      ) : (
        <p class="muted" data-testid="grade-feedback">
          No written feedback.
        </p>
      )}
      {latestVersion !== null && latestVersion > grade.version ? (
        <p class="alert alert-info small" role="note">
          You submitted version {latestVersion} after this grade; it has not been graded yet.
        </p>
      ) : null}
    </section>
  );
}
