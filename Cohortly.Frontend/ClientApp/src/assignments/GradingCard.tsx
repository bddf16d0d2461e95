import { registerHomeCard } from '../home/cards';
import { HomeCardFrame } from '../home/HomeCard';
import { formatDateTime, formatRelative, plural } from '../shared/format';
import { Link } from '../shared/router';

interface GradingItem {
  assignmentId: string;
  bootcampId: string;
  bootcampTitle: string;
  title: string;
  dueAt: string;
  waitingCount: number;
  oldestWaiting: { studentId: string; studentName: string; version: number; submittedAt: string; late: boolean }[];
  missingCount: number;
  missing: { studentId: string; displayName: string }[];
}

/** The grading view of one assignment with one student's work open. */
const gradeHref = (assignmentId: string, studentId: string) =>
  `/assignments/${encodeURIComponent(assignmentId)}?student=${encodeURIComponent(studentId)}`;

/** An instructor's work: submissions waiting for a grade (oldest first) and students who have not handed in due work. */
function GradingCard({ data }: { data: { assignments: GradingItem[] } }) {
  const waiting = data.assignments.filter((a) => a.waitingCount > 0);
  const missing = data.assignments.filter((a) => a.missingCount > 0);
  return (
    <>
      <HomeCardFrame title="Waiting to be graded" testId="home-waiting">
        {waiting.length === 0 ? (
          <p class="muted">Nothing waiting: every submission has its grade.</p>
        ) : (
          <ul class="home-list">
            {waiting.map((a) => (
              <li key={a.assignmentId} data-testid="waiting-assignment">
                <Link href={`/assignments/${encodeURIComponent(a.assignmentId)}`}>{a.title}</Link>
                <div class="home-item-meta">
                  <span>{a.bootcampTitle}</span>
                  <span class="badge badge-submitted">{plural(a.waitingCount, 'submission')} waiting</span>
                </div>
                <ul class="home-sublist">
                  {a.oldestWaiting.map((s) => (
                    <li key={s.studentId}>
                      <Link href={gradeHref(a.assignmentId, s.studentId)} data-testid="grade-link">
                        Grade {s.studentName}
                      </Link>{' '}
                      <span class="muted small">
                        version {s.version}, sent {formatRelative(s.submittedAt)}
                        {s.late ? ' · late' : ''}
                      </span>
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        )}
      </HomeCardFrame>
      {missing.length > 0 ? (
        <HomeCardFrame title="Not handed in" testId="home-missing">
          <ul class="home-list">
            {missing.map((a) => (
              <li key={a.assignmentId}>
                <Link href={`/assignments/${encodeURIComponent(a.assignmentId)}`}>{a.title}</Link>
                <div class="home-item-meta">
                  <span>
                    was due <time dateTime={a.dueAt}>{formatDateTime(a.dueAt)}</time>
                  </span>
                  <span class="badge badge-late">{plural(a.missingCount, 'student')} missing</span>
                </div>
                <p class="muted small">
                  {a.missing.map((s) => s.displayName).join(', ')}
                  {a.missingCount > a.missing.length ? ` and ${a.missingCount - a.missing.length} more` : ''}
                </p>
              </li>
            ))}
          </ul>
        </HomeCardFrame>
      ) : null}
    </>
  );
}

registerHomeCard('assignments.grading', GradingCard);
