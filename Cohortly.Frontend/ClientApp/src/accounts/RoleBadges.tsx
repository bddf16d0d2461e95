import type { Role } from '../shared/auth';

export const roleLabels: Record<Role, string> = {
  student: 'Student',
  instructor: 'Instructor',
  mentor: 'Mentor',
  admin: 'Admin',
};

export function RoleBadges({ roles }: { roles: readonly string[] }) {
  if (roles.length === 0) return <span class="muted">No roles</span>;
  return (
    <ul class="badges">
      {roles.map((role) => (
        <li key={role} class={`badge badge-${role}`} data-role={role}>
          {roleLabels[role as Role] ?? role}
        </li>
      ))}
    </ul>
  );
}
