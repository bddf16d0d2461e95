import { AvailabilityToggle } from './AvailabilityToggle';
import { registerHomeCard } from '../home/cards';
import { HomeCardFrame } from '../home/HomeCard';
import { useAuth } from '../shared/auth';

/**
 * The mentor's availability switch on their home. The card's data is the stored state; the switch reads the same
 * state itself (and follows live changes), so the card only places it.
 */
function AvailabilityCard(_: { data: { available: boolean; until: string | null } }) {
  const auth = useAuth();
  if (!auth.user) return null;
  return (
    <HomeCardFrame title="Your availability" testId="home-availability">
      <AvailabilityToggle userId={auth.user.userId} />
      <p class="muted small">Students of your bootcamps see this and are told when you become available.</p>
    </HomeCardFrame>
  );
}

registerHomeCard('notifications.availability', AvailabilityCard);
