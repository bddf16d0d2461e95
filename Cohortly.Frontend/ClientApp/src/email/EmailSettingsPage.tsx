import { useState } from 'preact/hooks';
import { getEmailPreferences, saveEmailPreferences, type EmailPreferences } from './api';
import { FormAlert, SubmitButton, useFormSubmit } from '../shared/forms';
import { LoadState, useLoad } from '../shared/load';
import { Page } from '../shared/page';
import { toast } from '../shared/toasts';
import './email.css';

const choices: { key: keyof EmailPreferences; label: string; help: string }[] = [
  { key: 'weeklyReport', label: 'Weekly progress report', help: 'Once a week per bootcamp: assignments done, average score, upcoming deadlines.' },
  { key: 'assignmentNotices', label: 'New assignments', help: 'When an instructor posts an assignment in one of your bootcamps.' },
  { key: 'marketing', label: 'News and offers', help: 'New bootcamps and platform news.' },
];

/** The caller's email preferences. Password resets, enrollment confirmations and certificates are always sent. */
export function EmailSettingsPage() {
  const preferences = useLoad((signal) => getEmailPreferences(signal), []);
  return (
    <LoadState load={preferences} page={{ title: 'Email settings' }} busyLabel="Loading your email settings…" failure="Your email settings could not be loaded">
      {(loaded) => <EmailSettingsForm initial={loaded} />}
    </LoadState>
  );
}

/** The form owns the preferences once loaded: the checkboxes change them, a save replaces them with the server's. */
function EmailSettingsForm(props: { initial: EmailPreferences }) {
  const [preferences, setPreferences] = useState(props.initial);
  const form = useFormSubmit(['weeklyReport', 'assignmentNotices', 'marketing']);
  const onSubmit = form.onSubmit(async () => {
    setPreferences(await saveEmailPreferences(preferences));
    toast.success('Email settings saved.');
  });

  return (
    <Page title="Email settings" heading="Email settings" width="narrow" testId="email-settings-page"
      lead="Choose which emails you receive. Password resets, enrollment confirmations and certificates are always sent.">
      <form ref={form.formRef} onSubmit={onSubmit} noValidate>
        <FormAlert message={form.message} alertRef={form.alertRef} />
        <fieldset class="email-choices">
          <legend>Send me</legend>
          {choices.map((choice) => (
            <label key={choice.key} class="check">
              <input type="checkbox" name={choice.key} checked={preferences[choice.key]}
                onChange={(e) => setPreferences({ ...preferences, [choice.key]: (e.currentTarget as HTMLInputElement).checked })} />
              <span>
                <span class="check-label">{choice.label}</span>
                <span class="check-help">{choice.help}</span>
              </span>
            </label>
          ))}
        </fieldset>
        <div class="form-actions">
          <SubmitButton busy={form.busy} busyLabel="Saving…">
            Save email settings
          </SubmitButton>
        </div>
      </form>
    </Page>
  );
}
