import { registerHomeCard } from '../home/cards';
import { HomeCardFrame } from '../home/HomeCard';
import { Link } from '../shared/router';

interface AtRisk {
  total: number;
  students: { bootcampId: string; bootcampTitle: string; studentId: string; displayName: string; score: number; reasons: string[] }[];
}

/** Staff: the students the at-risk rules rank highest across their bootcamps, with why, linking to each dashboard. */
function AtRiskCard({ data }: { data: AtRisk }) {
  return (
    <HomeCardFrame title="Students at risk" testId="home-at-risk">
      {data.students.length === 0 ? (
        <p class="muted">Nobody in your bootcamps is at risk right now.</p>
      ) : (
        <ul class="home-list">
          {data.students.map((s) => (
            <li key={`${s.bootcampId}/${s.studentId}`}>
              <strong>{s.displayName}</strong> <span class="muted small">risk {s.score}</span>
              <div class="home-item-meta">
                <Link href={`/bootcamps/${encodeURIComponent(s.bootcampId)}/analytics`}>{s.bootcampTitle}</Link>
                <span>{s.reasons.join('; ')}</span>
              </div>
            </li>
          ))}
        </ul>
      )}
      {data.total > data.students.length ? <p class="muted small">and {data.total - data.students.length} more</p> : null}
    </HomeCardFrame>
  );
}

registerHomeCard('analytics.at-risk', AtRiskCard);
