import { useEffect } from 'preact/hooks';
import { memberRoleLabels, type StaffMember } from './api';
import { RemoveStaffButton } from './RemoveStaffButton';
import { loadPresence, onConnected } from '../notifications/live';
import { PresenceDot } from '../notifications/PresenceDot';

/**
 * The bootcamp's instructors, then its mentors; `showPresence` adds the mentors' availability (members only), read
 * when the list opens and kept live. Admins get a Remove button per person.
 */
export function StaffList(props: { bootcampId: string; staff: readonly StaffMember[]; showPresence: boolean; canRemove: boolean; onRemoved: () => void }) {
  const hasMentors = props.staff.some((s) => s.role === 'mentor');
  useEffect(() => {
    if (!props.showPresence || !hasMentors) return;
    const abort = new AbortController();
    // A failed read leaves the dots as they are ("away" until a presence message says otherwise).
    const load = () => void loadPresence(props.bootcampId, abort.signal).catch(() => undefined);
    load();
    // Again after every (re)connect: a live session starts with no presence, and changes while offline were missed.
    const stop = onConnected(load);
    return () => {
      stop();
      abort.abort();
    };
  }, [props.bootcampId, props.showPresence, hasMentors]);
  const instructors = props.staff.filter((s) => s.role === 'instructor');
  const mentors = props.staff.filter((s) => s.role === 'mentor');
  return (
    <section class="staff" aria-labelledby="staff-heading" data-testid="staff-list">
      <h2 id="staff-heading" class="section-heading">
        Staff
      </h2>
      {props.staff.length === 0 ? (
        <p class="muted">No instructors or mentors yet.</p>
      ) : (
        <ul class="staff-list">
          {[...instructors, ...mentors].map((s) => (
            <li key={s.userId} class="staff-member" data-testid="staff-member">
              <span class="staff-avatar" aria-hidden="true">
                {initials(s.displayName)}
              </span>
              <span class="staff-name">{s.displayName || 'Unnamed user'}</span>
              <span class={`badge badge-${s.role}`}>{memberRoleLabels[s.role]}</span>
              {s.role === 'mentor' && props.showPresence ? <PresenceDot userId={s.userId} name={s.displayName} /> : null}
              {props.canRemove ? <RemoveStaffButton bootcampId={props.bootcampId} member={s} onRemoved={props.onRemoved} /> : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  return ((parts[0]?.[0] ?? '') + (parts.length > 1 ? parts[parts.length - 1][0] : '')).toUpperCase() || '?';
}
