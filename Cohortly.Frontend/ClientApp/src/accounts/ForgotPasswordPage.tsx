import { useState } from 'preact/hooks';
import { requestPasswordReset } from './api';
import { collectErrors, emailProblems, FormAlert, SubmitButton, TextField, useFormSubmit } from '../shared/forms';
import { Page } from '../shared/page';
import { Link } from '../shared/router';

export function ForgotPasswordPage() {
  const [email, setEmail] = useState('');
  const [sentTo, setSentTo] = useState<string | null>(null);
  const form = useFormSubmit(['email']);

  const onSubmit = form.onSubmit(
    async () => {
      await requestPasswordReset(email.trim());
      setSentTo(email.trim());
    },
    () => collectErrors({ email: emailProblems(email) }),
  );

  return (
    <Page title="Forgot password" heading="Reset your password" width="narrow" testId="forgot-password-page">
      {sentTo ? (
        <>
          <FormAlert
            kind="success"
            testId="reset-requested"
            message={`If an account exists for ${sentTo}, we emailed a link to reset your password. The link works once and expires soon.`}
          />
          <p class="form-footer">
            <Link href="/login">Return to the login page</Link>
          </p>
        </>
      ) : (
        <>
          <p class="muted">Enter the email address of your account and we will send you a link to choose a new password.</p>
          <form ref={form.formRef} onSubmit={onSubmit} noValidate>
            <FormAlert message={form.message} alertRef={form.alertRef} />
            <TextField label="Email" name="email" type="email" autoComplete="email" required value={email} onValue={setEmail} errors={form.errorsFor('email')} spellcheck={false} />
            <div class="form-actions">
              <SubmitButton busy={form.busy} busyLabel="Sending…" disabled={form.waitSeconds > 0}>
                Email me a reset link
              </SubmitButton>
              <Link href="/login">Return to the login page</Link>
            </div>
          </form>
        </>
      )}
    </Page>
  );
}
