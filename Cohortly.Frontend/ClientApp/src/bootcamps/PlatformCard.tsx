import type { BootcampSummary } from './api';
import { registerHomeCard } from '../home/cards';
import { HomeCardFrame } from '../home/HomeCard';
import { formatDateTime, formatNumber } from '../shared/format';
import { Link } from '../shared/router';

interface Platform {
  bootcamps: number;
  enrollments: number;
  soonDays: number;
  startingSoon: BootcampSummary[];
}

/** Platform figures for admins and the bootcamps about to start. */
function PlatformCard({ data }: { data: Platform }) {
  return (
    <HomeCardFrame title="Platform" testId="home-platform">
      <dl class="progress-stats">
        <div>
          <dt>Bootcamps</dt>
          <dd data-testid="platform-bootcamps">{formatNumber(data.bootcamps, 0)}</dd>
        </div>
        <div>
          <dt>Enrollments</dt>
          <dd data-testid="platform-enrollments">{formatNumber(data.enrollments, 0)}</dd>
        </div>
      </dl>
      <h3>Starting in the next {data.soonDays} days</h3>
      {data.startingSoon.length === 0 ? (
        <p class="muted">None.</p>
      ) : (
        <ul class="home-list">
          {data.startingSoon.map((b) => (
            <li key={b.bootcampId}>
              <Link href={`/bootcamps/${encodeURIComponent(b.bootcampId)}`}>{b.title}</Link>
              <div class="home-item-meta">
                <span>starts {formatDateTime(b.startsAt)}</span>
                <span>
                  {formatNumber(b.capacity - b.seatsLeft, 0)} of {formatNumber(b.capacity, 0)} seats taken
                </span>
              </div>
            </li>
          ))}
        </ul>
      )}
    </HomeCardFrame>
  );
}

registerHomeCard('bootcamps.platform', PlatformCard);
