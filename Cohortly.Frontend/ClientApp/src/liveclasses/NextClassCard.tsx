import { formatSessionTime, type Session } from './api';
import { registerHomeCard } from '../home/cards';
import { HomeCardFrame } from '../home/HomeCard';
import { Link } from '../shared/router';

/** The caller's next live classes across their bootcamps, each opening its live room. */
function NextClassCard({ data }: { data: { upcoming: Session[] } }) {
  return (
    <HomeCardFrame title="Next live class" testId="home-next-class">
      <ul class="home-list">
        {data.upcoming.map((s) => (
          <li key={s.sessionId}>
            <Link href={`/sessions/${encodeURIComponent(s.sessionId)}`}>{s.title}</Link>
            <span class="muted small"> · {formatSessionTime(s)}</span>
          </li>
        ))}
      </ul>
    </HomeCardFrame>
  );
}

registerHomeCard('live-classes.next', NextClassCard);
