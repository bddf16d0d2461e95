import { registerHomeCard } from '../home/cards';
import { HomeCardFrame } from '../home/HomeCard';
import { formatRelative } from '../shared/format';

interface QuietStudents {
  quietDays: number;
  total: number;
  students: { bootcampId: string; bootcampTitle: string; studentId: string; displayName: string; lastSubmittedAt: string | null }[];
}

/** A mentor's students with no submission for a while: the ones to check in with. */
function QuietStudentsCard({ data }: { data: QuietStudents }) {
  return (
    <HomeCardFrame title="Gone quiet" testId="home-quiet-students">
      <p class="muted small">Students with no submission in the last {data.quietDays} days (counted from enrollment for those who never submitted).</p>
      {data.students.length === 0 ? (
        <p class="muted">Everyone has handed something in lately.</p>
      ) : (
        <ul class="home-list">
          {data.students.map((s) => (
            <li key={`${s.bootcampId}/${s.studentId}`}>
              <strong>{s.displayName}</strong>
              <div class="home-item-meta">
                <span>{s.bootcampTitle}</span>
                <span>{s.lastSubmittedAt ? `last submitted ${formatRelative(s.lastSubmittedAt)}` : 'nothing submitted yet'}</span>
              </div>
            </li>
          ))}
        </ul>
      )}
      {data.total > data.students.length ? <p class="muted small">and {data.total - data.students.length} more</p> : null}
    </HomeCardFrame>
  );
}

registerHomeCard('assignments.quiet-students', QuietStudentsCard);
