import type { MyBootcamp } from './api';
import { ProgressSummary } from './ProgressSummary';
import { registerHomeCard } from '../home/cards';
import { HomeCardFrame } from '../home/HomeCard';
import { Link } from '../shared/router';
import './bootcamps.css';

/** A student's progress in each bootcamp they study in. */
function ProgressCard({ data }: { data: { bootcamps: MyBootcamp[] } }) {
  return (
    <HomeCardFrame title="Your progress" testId="home-progress">
      <ul class="home-list">
        {data.bootcamps.map((b) => (
          <li key={b.bootcampId}>
            <Link href={`/bootcamps/${encodeURIComponent(b.bootcampId)}`}>{b.title}</Link>
            {b.progress ? <ProgressSummary progress={b.progress} compact /> : null}
          </li>
        ))}
      </ul>
    </HomeCardFrame>
  );
}

registerHomeCard('bootcamps.progress', ProgressCard);
