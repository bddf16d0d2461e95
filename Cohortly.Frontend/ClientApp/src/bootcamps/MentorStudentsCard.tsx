import type { RosterEntry } from './api';
import { registerHomeCard } from '../home/cards';
import { HomeCardFrame } from '../home/HomeCard';
import { plural } from '../shared/format';
import { Link } from '../shared/router';

interface MentoredBootcamp {
  bootcampId: string;
  title: string;
  studentCount: number;
  students: RosterEntry[];
}

/** A mentor's students, per bootcamp they mentor. */
function MentorStudentsCard({ data }: { data: { bootcamps: MentoredBootcamp[] } }) {
  return (
    <HomeCardFrame title="Your students" testId="home-mentor-students">
      {data.bootcamps.length === 0 ? (
        <p class="muted">You don't mentor a bootcamp yet.</p>
      ) : (
        <ul class="home-list">
          {data.bootcamps.map((b) => (
            <li key={b.bootcampId}>
              <Link href={`/bootcamps/${encodeURIComponent(b.bootcampId)}?tab=roster`}>{b.title}</Link>
              <div class="home-item-meta">
                <span>{plural(b.studentCount, 'student')}</span>
              </div>
              {b.students.length > 0 ? (
                <p class="small">
                  {b.students.map((s) => s.displayName).join(', ')}
                  {b.studentCount > b.students.length ? ` and ${b.studentCount - b.students.length} more` : ''}
                </p>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </HomeCardFrame>
  );
}

registerHomeCard('bootcamps.mentor-students', MentorStudentsCard);
