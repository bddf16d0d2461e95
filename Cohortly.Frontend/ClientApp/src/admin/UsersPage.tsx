import { useEffect, useId, useState } from 'preact/hooks';
import { findUserByEmail, setUserRoles, type UserSummary } from './api';
import { roleLabels, RoleBadges } from '../accounts/RoleBadges';
import { ALL_ROLES, reloadMe, useAuth, type Role } from '../shared/auth';
import { collectErrors, FieldErrorList, FormAlert, required, SubmitButton, TextField, useFormSubmit } from '../shared/forms';
import { Page } from '../shared/page';
import { navigate, useQuery } from '../shared/router';
import { toast } from '../shared/toasts';
import './admin.css';

const roleHelp: Record<Role, string> = {
  student: 'Enrolls in bootcamps and submits work.',
  instructor: 'Creates bootcamps, sets and grades assignments.',
  mentor: 'Coaches the students of their bootcamps.',
  admin: 'Manages users, roles and every bootcamp.',
};

export function UsersPage() {
  const emailParam = useQuery().get('email') ?? '';
  const [email, setEmail] = useState(emailParam);
  const [user, setUser] = useState<UserSummary | null>(null);
  const [notFound, setNotFound] = useState<string | null>(null);
  const search = useFormSubmit(['email']);

  const find = (address: string) =>
    search.submit(
      async () => {
        setUser(null);
        setNotFound(null);
        const found = await findUserByEmail(address);
        if (found) setUser(found);
        else setNotFound(address);
      },
      collectErrors({ email: required(address, 'Enter the email address of the user.') }),
    );

  // ?email= makes a lookup linkable and survives reloads.
  useEffect(() => {
    if (emailParam) {
      setEmail(emailParam);
      void find(emailParam);
    }
  }, [emailParam]);

  const onSearch = (event: Event) => {
    event.preventDefault();
    const address = email.trim();
    if (address && address !== emailParam) navigate(`/admin/users?email=${encodeURIComponent(address)}`, { replace: true });
    else void find(address);
  };

  return (
    <Page title="Users" heading="Users and roles" testId="admin-users-page" lead="Find a user by their email address to see and change their roles.">
      <form ref={search.formRef} onSubmit={onSearch} noValidate class="search-form" role="search" aria-label="Find a user">
        <FormAlert message={search.message} alertRef={search.alertRef} />
        <div class="search-row">
          <TextField label="Email address" name="email" type="email" required value={email} onValue={setEmail} errors={search.errorsFor('email')} autoComplete="off" spellcheck={false} />
          <SubmitButton busy={search.busy} busyLabel="Searching…">
            Find user
          </SubmitButton>
        </div>
      </form>
      {notFound ? (
        <div class="alert alert-info" role="status" data-testid="user-not-found">
          No user has the email address <strong>{notFound}</strong>.
        </div>
      ) : null}
      {user ? <UserRolesEditor key={user.userId} user={user} onSaved={setUser} /> : null}
    </Page>
  );
}

function UserRolesEditor({ user, onSaved }: { user: UserSummary; onSaved: (user: UserSummary) => void }) {
  const auth = useAuth();
  const [roles, setRoles] = useState<Role[]>(user.roles);
  const form = useFormSubmit(['roles']);
  const legendId = useId();
  const isSelf = auth.status === 'signed-in' && auth.user.userId === user.userId;

  const toggle = (role: Role, checked: boolean) =>
    setRoles((current) => (checked ? ALL_ROLES.filter((r) => r === role || current.includes(r)) : current.filter((r) => r !== role)));

  const onSubmit = form.onSubmit(async () => {
    const saved = await setUserRoles(user.userId, roles);
    onSaved(saved);
    setRoles(saved.roles);
    toast.success(`Roles saved for ${saved.displayName}.`);
    if (isSelf) await reloadMe().catch(() => undefined);
  });

  const roleErrors = form.errorsFor('roles');
  return (
    <section class="user-card" aria-labelledby={`${legendId}-name`} data-testid="user-result">
      <header class="user-card-header">
        <div>
          <h2 id={`${legendId}-name`} data-testid="user-display-name">
            {user.displayName}
          </h2>
          <p class="muted" data-testid="user-email">
            {user.email}
          </p>
        </div>
        <RoleBadges roles={user.roles} />
      </header>
      <form ref={form.formRef} onSubmit={onSubmit} noValidate>
        <FormAlert message={form.message} alertRef={form.alertRef} />
        <fieldset class="roles" aria-invalid={roleErrors ? 'true' : undefined} aria-describedby={roleErrors ? `${legendId}-errors` : undefined}>
          <legend>Roles</legend>
          {ALL_ROLES.map((role) => (
            <label key={role} class="check">
              <input type="checkbox" name="roles" value={role} checked={roles.includes(role)} onChange={(e) => toggle(role, (e.currentTarget as HTMLInputElement).checked)} />
              <span>
                <span class="check-label">{roleLabels[role]}</span>
                <span class="check-help">{roleHelp[role]}</span>
              </span>
            </label>
          ))}
          <FieldErrorList id={`${legendId}-errors`} name="roles" errors={roleErrors} />
        </fieldset>
        {isSelf && !roles.includes('admin') ? (
          <p class="alert alert-warning" role="note">
            This is your own account: without the admin role you will lose access to this page.
          </p>
        ) : null}
        <div class="form-actions">
          <SubmitButton busy={form.busy} busyLabel="Saving…">
            Save roles
          </SubmitButton>
          <span class="muted small">
            User ID <code>{user.userId}</code>
          </span>
        </div>
      </form>
    </section>
  );
}
