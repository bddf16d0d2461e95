import { useState } from 'preact/hooks';
import { login } from '../shared/auth';
import { collectErrors, FormAlert, required, SubmitButton, TextField, useFormSubmit } from '../shared/forms';
import { Page } from '../shared/page';
import { ApiError } from '../shared/problem';
import { Link, navigate, safeReturnTo, useLocation } from '../shared/router';

export function LoginPage() {
  const location = useLocation();
  const returnTo = safeReturnTo(new URLSearchParams(location.search).get('returnTo'));
  const notice = location.state?.notice ?? null;
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const form = useFormSubmit(['email', 'password']);

  const onSubmit = form.onSubmit(
    async () => {
      try {
        await login(email.trim(), password);
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) {
          throw new ApiError(401, { ...error.problem, detail: error.problem.detail || 'The email or password is incorrect.' });
        }
        throw error;
      }
      navigate(returnTo ?? '/', { replace: true });
    },
    () => collectErrors({ email: required(email, 'Enter your email address.'), password: required(password, 'Enter your password.') }),
  );

  const withReturn = (path: string) => (returnTo ? `${path}?returnTo=${encodeURIComponent(returnTo)}` : path);

  return (
    <Page title="Log in" width="narrow" testId="login-page" lead={returnTo && !notice ? 'Log in to continue.' : undefined}>
      {notice ? <FormAlert kind="success" message={notice} testId="login-notice" /> : null}
      <form ref={form.formRef} onSubmit={onSubmit} noValidate aria-describedby={form.message ? 'login-error' : undefined}>
        <div id="login-error">
          <FormAlert message={form.message} alertRef={form.alertRef} />
        </div>
        <TextField label="Email" name="email" type="email" autoComplete="username" required value={email} onValue={setEmail} errors={form.errorsFor('email')} spellcheck={false} />
        <TextField label="Password" name="password" type="password" autoComplete="current-password" required value={password} onValue={setPassword} errors={form.errorsFor('password')} />
        <div class="form-actions">
          <SubmitButton busy={form.busy} busyLabel="Logging in…" disabled={form.waitSeconds > 0}>
            Log in
          </SubmitButton>
          <Link href="/forgot-password">Forgot your password?</Link>
        </div>
      </form>
      <p class="form-footer">
        New to Cohortly? <Link href={withReturn('/register')}>Create an account</Link>
      </p>
    </Page>
  );
}
