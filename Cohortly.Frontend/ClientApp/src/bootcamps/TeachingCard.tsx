import { registerHomeCard } from '../home/cards';
import { HomeCardFrame } from '../home/HomeCard';
import { Link } from '../shared/router';

/** Quick links for an instructor: a new bootcamp, and per bootcamp they teach a new assignment or an announcement. */
function TeachingCard({ data }: { data: { bootcamps: { bootcampId: string; title: string; startsAt: string }[] } }) {
  return (
    <HomeCardFrame
      title="Quick links"
      testId="home-quick-links"
      actions={
        <Link class="btn btn-secondary btn-small" href="/bootcamps/new">
          New bootcamp
        </Link>
      }
    >
      {data.bootcamps.length === 0 ? (
        <p class="muted">You don't teach a bootcamp yet.</p>
      ) : (
        <ul class="home-list">
          {data.bootcamps.map((b) => {
            const page = `/bootcamps/${encodeURIComponent(b.bootcampId)}`;
            return (
              <li key={b.bootcampId}>
                <Link href={page}>{b.title}</Link>
                <div class="home-item-meta">
                  <Link href={`${page}?tab=assignments#new-assignment-heading`} aria-label={`New assignment in ${b.title}`}>
                    New assignment
                  </Link>
                  <Link href={`${page}#announce-heading`} aria-label={`Announce to ${b.title}`}>
                    Announce
                  </Link>
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </HomeCardFrame>
  );
}

registerHomeCard('bootcamps.teaching', TeachingCard);
