import { usePresence } from './live';
import './notifications.css';

/**
 * A mentor's live availability next to their name: a dot and "available" or "away"
 * (`data-testid="presence-<userId>"`, whose text is exactly the state).
 */
export function PresenceDot(props: { userId: string; name: string }) {
  const available = usePresence(props.userId);
  const state = available ? 'available' : 'away';
  return (
    <>
      <span class="visually-hidden">, </span>
      <span class={`presence presence-${state}`} data-testid={`presence-${props.userId}`} data-available={available ? 'true' : 'false'} title={`${props.name || 'This mentor'} is ${state}`}>
        {state}
      </span>
    </>
  );
}
