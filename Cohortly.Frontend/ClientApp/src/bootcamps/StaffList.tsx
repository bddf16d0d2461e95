import { memberRoleLabels, type StaffMember } from './api';
import { PresenceDot } from '../notifications/PresenceDot';

/** The bootcamp's instructors, then its mentors; `showPresence` adds the mentors' live availability (members only). */
export function StaffList(props: { staff: readonly StaffMember[]; showPresence: boolean }) {
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
