import { useState } from 'preact/hooks';
import { announce, ANNOUNCEMENT_BODY_MAX, ANNOUNCEMENT_TITLE_MAX } from './api';
import { searchBootcamps } from '../bootcamps/api';
import { collectErrors, FormAlert, required, SelectField, SubmitButton, TextAreaField, TextField, useFormSubmit } from '../shared/forms';
import { useLoad } from '../shared/load';
import { errorMessage } from '../shared/problem';
import { eventKey, toast } from '../shared/toasts';
import './notifications.css';

/**
 * `POST /api/announcements`. With a bootcampId (the bootcamp page) it goes to that bootcamp's members;
 * without one (admins, on the inbox page) the admin picks "Everyone" or one bootcamp.
 */
export function AnnounceForm(props: { bootcampId?: string; bootcampTitle?: string }) {
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [target, setTarget] = useState('');
  const form = useFormSubmit(['title', 'body', 'bootcampId']);
  const fixed = props.bootcampId !== undefined;

  const onSubmit = form.onSubmit(
    async () => {
      const bootcampId = fixed ? props.bootcampId : target || null;
      await announce({ title: title.trim(), body: body.trim(), bootcampId });
      // The author is a member too: their own announcement's live notification is the same event.
      toast.success(bootcampId ? `Announced to ${props.bootcampTitle ? `“${props.bootcampTitle}”` : 'the bootcamp'}.` : 'Announced to everyone.', {
        key: eventKey('announcement', bootcampId || null),
      });
      setTitle('');
      setBody('');
    },
    () =>
      collectErrors({
        title: required(title, 'Give the announcement a title.'),
        body: required(body, 'Write the announcement.'),
      }),
  );

  return (
    <form ref={form.formRef} onSubmit={onSubmit} noValidate class="announce-form" data-testid="announce-form">
      <FormAlert message={form.message} alertRef={form.alertRef} />
      {fixed ? null : <AudienceSelect value={target} onValue={setTarget} errors={form.errorsFor('bootcampId')} />}
      <TextField label="Title" name="title" required value={title} onValue={setTitle} maxLength={ANNOUNCEMENT_TITLE_MAX} errors={form.errorsFor('title')} autoComplete="off" />
      <TextAreaField label="Message body" name="body" required rows={4} value={body} onValue={setBody} maxLength={ANNOUNCEMENT_BODY_MAX} errors={form.errorsFor('body')} />
      <div class="form-actions">
        <SubmitButton busy={form.busy} busyLabel="Announcing…">
          Announce
        </SubmitButton>
      </div>
    </form>
  );
}

/** "Everyone" or one bootcamp (the first 100 of the catalog: admins see them all there). */
function AudienceSelect(props: { value: string; onValue: (value: string) => void; errors?: string[] }) {
  const bootcamps = useLoad((signal) => searchBootcamps({ page: 1, pageSize: 100 }, signal), []);
  const options = [{ value: '', label: 'Everyone' }, ...(bootcamps.data?.items ?? []).map((b) => ({ value: b.bootcampId, label: b.title }))];
  // The options live inside a field, so its hint carries the load's progress and failure (announcing to everyone still works).
  const hint = bootcamps.busy ? 'Loading bootcamps…' : bootcamps.error ? `The bootcamps could not be loaded: ${errorMessage(bootcamps.error)}` : 'Everyone on Cohortly, or the members of one bootcamp.';
  return (
    <SelectField
      label="Send to"
      name="bootcampId"
      value={props.value}
      onValue={props.onValue}
      options={options}
      errors={props.errors}
      hint={hint}
    />
  );
}
