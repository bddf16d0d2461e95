import { useId, useState } from 'preact/hooks';
import { createAssignment, type Assignment } from './api';
import { BYTES_PER_MB } from './describe';
import { collectErrors, FormAlert, SubmitButton, TextAreaField, TextField, useFormSubmit, type FieldErrors } from '../shared/forms';
import { fromLocalInput, localTimeZone, parseList } from '../shared/format';
import { toast } from '../shared/toasts';

const MAX_SCORE_LIMIT = 10_000;
const MAX_FILE_MB = 100;
const MAX_EXTENSIONS = 30;

/** Field names as the API reports them (latePolicy covers both percentages). */
const FIELDS = ['title', 'description', 'dueAt', 'maxScore', 'allowedExtensions', 'maxFileBytes', 'percentPerDay', 'floorPercent', 'latePolicy'] as const;

interface Values {
  title: string;
  description: string;
  dueAt: string;
  maxScore: string;
  extensions: string;
  maxFileMb: string;
  percentPerDay: string;
  floorPercent: string;
}

const empty: Values = { title: '', description: '', dueAt: '', maxScore: '100', extensions: '', maxFileMb: '10', percentPerDay: '0', floorPercent: '0' };

function percentProblems(text: string): string[] {
  const value = Number(text);
  return text.trim() === '' || !Number.isFinite(value) || value < 0 || value > 100 ? ['Enter a percentage from 0 to 100.'] : [];
}

/** Normalizes ".ZIP, py" to [".zip", ".py"]. */
function extensionList(text: string): string[] {
  return parseList(text).map((e) => (e.startsWith('.') ? e : `.${e}`).toLowerCase());
}

/** The instructors' form for a new assignment in their bootcamp. */
export function NewAssignmentForm(props: { bootcampId: string; onCreated: (assignment: Assignment) => void }) {
  const [values, setValues] = useState<Values>(empty);
  const form = useFormSubmit(FIELDS);
  const policyId = useId();
  const set = (key: keyof Values) => (value: string) => setValues((v) => ({ ...v, [key]: value }));

  const validate = (): FieldErrors => {
    const maxScore = Number(values.maxScore);
    const mb = Number(values.maxFileMb);
    const extensions = extensionList(values.extensions);
    return collectErrors({
      title: values.title.trim() ? [] : ['Enter a title.'],
      dueAt: fromLocalInput(values.dueAt) ? [] : ['Enter the due date and time.'],
      maxScore: values.maxScore.trim() === '' || !Number.isFinite(maxScore) || maxScore <= 0 || maxScore > MAX_SCORE_LIMIT ? [`Enter a number above 0 and at most ${MAX_SCORE_LIMIT.toLocaleString()}.`] : [],
      allowedExtensions:
        extensions.length > MAX_EXTENSIONS
          ? [`Use at most ${MAX_EXTENSIONS} extensions.`]
          : extensions.some((e) => !/^\.[a-z0-9]{1,15}$/.test(e))
            ? ['Use extensions like .zip or .py, separated by commas.']
            : [],
      maxFileBytes: values.maxFileMb.trim() === '' || !Number.isFinite(mb) || mb <= 0 || mb > MAX_FILE_MB ? [`Enter a size above 0 and at most ${MAX_FILE_MB} MB.`] : [],
      percentPerDay: percentProblems(values.percentPerDay),
      floorPercent: percentProblems(values.floorPercent),
    });
  };

  const onSubmit = form.onSubmit(async () => {
    const created = await createAssignment(props.bootcampId, {
      title: values.title.trim(),
      description: values.description,
      dueAt: fromLocalInput(values.dueAt)!,
      maxScore: Number(values.maxScore),
      allowedExtensions: extensionList(values.extensions),
      maxFileBytes: Math.round(Number(values.maxFileMb) * BYTES_PER_MB),
      latePolicy: { percentPerDay: Number(values.percentPerDay), floorPercent: Number(values.floorPercent) },
    });
    toast.success(`Assignment “${created.title}” created.`);
    setValues(empty);
    props.onCreated(created);
  }, validate);

  // The API reports both percentages as "latePolicy": show that at the first of them.
  const perDayErrors = [...(form.errorsFor('percentPerDay') ?? []), ...(form.errorsFor('latePolicy') ?? [])];
  return (
    <form ref={form.formRef} onSubmit={onSubmit} noValidate class="new-assignment-form" data-testid="new-assignment-form">
      <FormAlert message={form.message} alertRef={form.alertRef} />
      <TextField label="Title" name="title" required value={values.title} onValue={set('title')} errors={form.errorsFor('title')} maxLength={200} autoComplete="off" />
      <TextAreaField label="Description" name="description" value={values.description} onValue={set('description')} errors={form.errorsFor('description')} rows={4} hint="The task, what to hand in, and how it will be graded." />
      <div class="field-row">
        <TextField label="Due at" name="dueAt" type="datetime-local" required value={values.dueAt} onValue={set('dueAt')} errors={form.errorsFor('dueAt')} hint={`In your time zone (${localTimeZone()}).`} />
        <TextField label="Max score" name="maxScore" type="number" required min={0} max={MAX_SCORE_LIMIT} step="any" inputMode="decimal" value={values.maxScore} onValue={set('maxScore')} errors={form.errorsFor('maxScore')} />
      </div>
      <div class="field-row">
        <TextField label="Allowed extensions" name="allowedExtensions" value={values.extensions} onValue={set('extensions')} errors={form.errorsFor('allowedExtensions')} placeholder=".zip,.py" hint="Comma-separated, like .zip,.py (for file uploads, arriving soon)." autoComplete="off" spellcheck={false} />
        <TextField label="Max file size (MB)" name="maxFileBytes" type="number" required min={0} max={MAX_FILE_MB} step="any" inputMode="decimal" value={values.maxFileMb} onValue={set('maxFileMb')} errors={form.errorsFor('maxFileBytes')} />
      </div>
      <fieldset class="fieldset" aria-describedby={`${policyId}-help`}>
        <legend>Late policy</legend>
        <p id={`${policyId}-help`} class="field-hint fieldset-hint">
          Each started day late takes the penalty off the maximum score; the lowest grade caps how far it can fall. Use 0 for no penalty.
        </p>
        <div class="field-row">
          <TextField label="Late penalty per day (%)" name="percentPerDay" type="number" required min={0} max={100} step="any" inputMode="decimal" value={values.percentPerDay} onValue={set('percentPerDay')} errors={perDayErrors.length > 0 ? perDayErrors : undefined} />
          <TextField label="Lowest grade after penalty (%)" name="floorPercent" type="number" required min={0} max={100} step="any" inputMode="decimal" value={values.floorPercent} onValue={set('floorPercent')} errors={form.errorsFor('floorPercent')} />
        </div>
      </fieldset>
      <div class="form-actions">
        <SubmitButton busy={form.busy} busyLabel="Creating…">
          Create assignment
        </SubmitButton>
      </div>
    </form>
  );
}
