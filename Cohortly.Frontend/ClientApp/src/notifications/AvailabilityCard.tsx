import { registerHomeCard } from '../home/cards';
import { HomeCardFrame } from '../home/HomeCard';
import { formatDateTime } from '../shared/format';
import { Link } from '../shared/router';

/** The mentor's availability as the server stores it; the switch lives on each bootcamp page they mentor. */
function AvailabilityCard({ data }: { data: { available: boolean; until: string | null } }) {
  return (
    <HomeCardFrame title="Your availability" testId="home-availability">
      <p data-testid="availability-state">
        {data.available ? (
          <span class="badge badge-graded">Available{data.until ? ` until ${formatDateTime(data.until)}` : ''}</span>
        ) : (
          <span class="badge badge-missing">Away</span>
        )}
      </p>
      <p class="muted small">
        Students of your bootcamps see this. Change it from <Link href="/me/bootcamps">one of your bootcamps</Link>.
      </p>
    </HomeCardFrame>
  );
}

registerHomeCard('notifications.availability', AvailabilityCard);
