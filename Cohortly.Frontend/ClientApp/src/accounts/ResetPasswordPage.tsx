import { useState } from 'preact/hooks';
import { confirmPasswordReset } from './api';
import { authStore, logout } from '../shared/auth';
import { collectErrors, FormAlert, passwordProblems, PASSWORD_MAX, PASSWORD_MIN, SubmitButton, TextField, useFormSubmit } from '../shared/forms';
import { Page } from '../shared/page';
import { Link, navigate, useQuery } from '../shared/router';

export function ResetPasswordPage() {
  const token = useQuery().get('token') ?? '';
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const form = useFormSubmit(['newPassword', 'confirmPassword']);

  const onSubmit = form.onSubmit(
    async () => {
      await confirmPasswordReset(token, password);
      // The server revoked every session of the account; forget this browser's too.
      if (authStore.get().status !== 'signed-out') await logout();
      navigate('/login', { replace: true, state: { notice: 'Your password has been changed. Log in with your new password.' } });
    },
    () =>
      collectErrors({
        newPassword: passwordProblems(password),
        confirmPassword: confirm === password ? [] : ['The passwords do not match.'],
      }),
  );

  if (!token) {
    return (
      <Page title="Reset password" width="narrow" testId="reset-password-page">
        <FormAlert message="This reset link is incomplete. Open the link from the email again, or ask for a new one." />
        <p class="form-footer">
          <Link href="/forgot-password">Request a new reset link</Link>
        </p>
      </Page>
    );
  }

  return (
    <Page title="Reset password" heading="Choose a new password" width="narrow" testId="reset-password-page">
      <form ref={form.formRef} onSubmit={onSubmit} noValidate>
        <FormAlert message={form.message} alertRef={form.alertRef} />
        {form.message ? (
          <p class="muted">
            Links work once and expire. <Link href="/forgot-password">Request a new reset link</Link> if this one no longer works.
          </p>
        ) : null}
        <TextField
          label="New password"
          name="newPassword"
          type="password"
          autoComplete="new-password"
          required
          value={password}
          onValue={setPassword}
          errors={form.errorsFor('newPassword')}
          hint={`${PASSWORD_MIN}–${PASSWORD_MAX} characters. Common passwords are not accepted.`}
        />
        <TextField label="Confirm new password" name="confirmPassword" type="password" autoComplete="new-password" required value={confirm} onValue={setConfirm} errors={form.errorsFor('confirmPassword')} />
        <div class="form-actions">
          <SubmitButton busy={form.busy} busyLabel="Saving…">
            Set new password
          </SubmitButton>
        </div>
      </form>
    </Page>
  );
}
