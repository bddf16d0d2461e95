import { useState } from 'preact/hooks';
import { register } from '../shared/auth';
import { collectErrors, displayNameProblems, DISPLAY_NAME_MAX, emailProblems, FormAlert, passwordProblems, PASSWORD_MAX, PASSWORD_MIN, SubmitButton, TextField, useFormSubmit } from '../shared/forms';
import { Page } from '../shared/page';
import { ApiError } from '../shared/problem';
import { Link, navigate, safeReturnTo, useQuery } from '../shared/router';

export function RegisterPage() {
  const returnTo = safeReturnTo(useQuery().get('returnTo'));
  const [displayName, setDisplayName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const form = useFormSubmit(['displayName', 'email', 'password']);

  const onSubmit = form.onSubmit(
    async () => {
      try {
        await register(email.trim(), password, displayName.trim());
      } catch (error) {
        if (error instanceof ApiError && error.status === 409) {
          // Email taken: show it on the email field.
          throw new ApiError(409, {
            ...error.problem,
            errors: { email: [error.problem.detail || 'An account with this email already exists.'] },
          });
        }
        throw error;
      }
      navigate(returnTo ?? '/', { replace: true });
    },
    () =>
      collectErrors({
        displayName: displayNameProblems(displayName),
        email: emailProblems(email),
        password: passwordProblems(password),
      }),
  );

  return (
    <Page title="Register" heading="Create your account" width="narrow" testId="register-page">
      <form ref={form.formRef} onSubmit={onSubmit} noValidate>
        <FormAlert message={form.message} alertRef={form.alertRef} />
        <TextField label="Display name" name="displayName" autoComplete="name" required value={displayName} onValue={setDisplayName} errors={form.errorsFor('displayName')} hint={`Shown to your cohort, instructors and mentors. At most ${DISPLAY_NAME_MAX} characters.`} />
        <TextField label="Email" name="email" type="email" autoComplete="email" required value={email} onValue={setEmail} errors={form.errorsFor('email')} spellcheck={false} />
        <TextField
          label="Password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          value={password}
          onValue={setPassword}
          errors={form.errorsFor('password')}
          hint={`${PASSWORD_MIN}–${PASSWORD_MAX} characters. Common passwords are not accepted.`}
        />
        <div class="form-actions">
          <SubmitButton busy={form.busy} busyLabel="Creating account…" disabled={form.waitSeconds > 0}>
            Create account
          </SubmitButton>
        </div>
      </form>
      <p class="form-footer">
        Already registered? <Link href={returnTo ? `/login?returnTo=${encodeURIComponent(returnTo)}` : '/login'}>Go to the login page</Link>
      </p>
    </Page>
  );
}
