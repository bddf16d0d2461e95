import { useEffect } from 'preact/hooks';
import { reloadMe, useAuth } from '../shared/auth';
import { Page } from '../shared/page';
import { Link } from '../shared/router';
import { RoleBadges } from './RoleBadges';
import { AvatarSection } from '../files/AvatarSection';

export function AccountPage() {
  const auth = useAuth();
  // Show what we have at once, then refresh it from the server (roles may have changed).
  useEffect(() => {
    reloadMe().catch(() => undefined);
  }, []);
  if (auth.status !== 'signed-in') return null;
  const user = auth.user;
  return (
    <Page title="My account" testId="account-page" lead="The details of your Cohortly account.">
      <dl class="details">
        <div>
          <dt>Display name</dt>
          <dd data-testid="account-display-name">{user.displayName}</dd>
        </div>
        <div>
          <dt>Email</dt>
          <dd data-testid="account-email">{user.email}</dd>
        </div>
        <div>
          <dt>Roles</dt>
          <dd data-testid="account-roles">
            <RoleBadges roles={user.roles} />
          </dd>
        </div>
        <div>
          <dt>User ID</dt>
          <dd>
            <code>{user.userId}</code>
          </dd>
        </div>
      </dl>
      <AvatarSection userId={user.userId} />
      <p>
        <Link href="/settings/email">Email settings</Link>: choose which emails you receive.
      </p>
    </Page>
  );
}
