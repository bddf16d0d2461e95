import { useState } from 'preact/hooks';
import type { Bootcamp, BootcampInput } from './api';
import { collectErrors, FormAlert, SubmitButton, TextAreaField, TextField, useFormSubmit, type FieldErrors } from '../shared/forms';
import { fromLocalInput, fromMinorUnits, localTimeZone, parseList, toLocalInput, toMinorUnits } from '../shared/format';

const TITLE_MAX = 200;
const DESCRIPTION_MAX = 20_000;
const MAX_CAPACITY = 100_000;
const MAX_PRICE_MINOR = 100_000_000;
const MAX_LABELS = 20;
const LABEL_MAX = 40;
const MAX_INSTALLMENTS = 12;

export type BootcampFormMode = 'create' | 'edit';

/** The fields as the API names them, so its field errors land at the right input. */
const FIELDS = ['title', 'description', 'startsAt', 'endsAt', 'capacity', 'priceMinor', 'currency', 'tags', 'skills', 'installmentCount', 'includedInSubscription'] as const;
const EDIT_FIELDS = FIELDS.filter((f) => f !== 'priceMinor' && f !== 'currency');

interface Values {
  title: string;
  description: string;
  startsAt: string;
  endsAt: string;
  capacity: string;
  price: string;
  currency: string;
  tags: string;
  skills: string;
  installmentCount: string;
  includedInSubscription: boolean;
}

function initialValues(bootcamp?: Bootcamp): Values {
  if (!bootcamp) return { title: '', description: '', startsAt: '', endsAt: '', capacity: '', price: '0', currency: 'USD', tags: '', skills: '', installmentCount: '1', includedInSubscription: false };
  return {
    title: bootcamp.title,
    description: bootcamp.description,
    startsAt: toLocalInput(bootcamp.startsAt),
    endsAt: toLocalInput(bootcamp.endsAt),
    capacity: String(bootcamp.capacity),
    price: fromMinorUnits(bootcamp.priceMinor, bootcamp.currency),
    currency: bootcamp.currency,
    tags: bootcamp.tags.join(', '),
    skills: bootcamp.skills.join(', '),
    installmentCount: String(bootcamp.installmentCount),
    includedInSubscription: bootcamp.includedInSubscription,
  };
}

function labelProblems(text: string, what: string): string[] {
  const labels = parseList(text);
  if (labels.length > MAX_LABELS) return [`Use at most ${MAX_LABELS} ${what}.`];
  const long = labels.find((l) => l.length > LABEL_MAX);
  return long ? [`Each entry can have at most ${LABEL_MAX} characters ("${long.slice(0, 20)}…" is longer).`] : [];
}

function installmentProblems(text: string, priceMinor: number): string[] {
  const count = Number(text);
  if (!Number.isInteger(count) || count < 1 || count > MAX_INSTALLMENTS) return [`Enter a whole number from 1 (paid at once) to ${MAX_INSTALLMENTS}.`];
  return count > 1 && priceMinor === 0 ? ['A free bootcamp has nothing to split: leave this at 1.'] : [];
}

/**
 * Create or edit a bootcamp. Create sends every field; edit sends a merge patch of what changed
 * (title, description, dates, capacity, tags, skills — the price stays as it was sold).
 */
export function BootcampForm(props: { mode: BootcampFormMode; bootcamp?: Bootcamp; onSaved: (input: Partial<BootcampInput>) => Promise<void>; onCancel?: () => void }) {
  const [values, setValues] = useState<Values>(() => initialValues(props.bootcamp));
  const editing = props.mode === 'edit';
  const form = useFormSubmit(editing ? EDIT_FIELDS : FIELDS);
  const set = (key: Exclude<keyof Values, 'includedInSubscription'>) => (value: string) => setValues((v) => ({ ...v, [key]: value }));
  const zone = localTimeZone();

  const validate = (): FieldErrors => {
    const currency = values.currency.trim().toUpperCase();
    const startsAt = fromLocalInput(values.startsAt);
    const endsAt = fromLocalInput(values.endsAt);
    const capacity = Number(values.capacity);
    const priceMinor = values.price.trim() === '' ? 0 : toMinorUnits(values.price, currency || 'USD');
    return collectErrors({
      title: !values.title.trim() ? ['Enter a title.'] : values.title.trim().length > TITLE_MAX ? [`Use at most ${TITLE_MAX} characters.`] : [],
      description: values.description.length > DESCRIPTION_MAX ? [`Use at most ${DESCRIPTION_MAX} characters.`] : [],
      startsAt: startsAt ? [] : ['Enter the date and time the bootcamp starts.'],
      endsAt: !endsAt ? ['Enter the date and time the bootcamp ends.'] : startsAt && endsAt <= startsAt ? ['The end must be after the start.'] : [],
      capacity:
        values.capacity.trim() === '' ? ['Enter how many students can enroll.'] : !Number.isInteger(capacity) || capacity < 1 || capacity > MAX_CAPACITY ? [`Enter a whole number from 1 to ${MAX_CAPACITY.toLocaleString()}.`] : [],
      priceMinor: editing ? [] : priceMinor === null ? ['Enter a price like 499 or 499.99 (0 for free).'] : priceMinor > MAX_PRICE_MINOR ? ['That price is too high.'] : [],
      currency: editing ? [] : /^[A-Z]{3}$/.test(currency) ? [] : ['Enter a three-letter currency code such as USD or EUR.'],
      tags: labelProblems(values.tags, 'tags'),
      skills: labelProblems(values.skills, 'skills'),
      installmentCount: installmentProblems(values.installmentCount, editing ? (props.bootcamp?.priceMinor ?? 0) : priceMinor ?? 0),
    });
  };

  const onSubmit = form.onSubmit(async () => {
    const currency = values.currency.trim().toUpperCase();
    const full: BootcampInput = {
      title: values.title.trim(),
      description: values.description,
      startsAt: fromLocalInput(values.startsAt)!,
      endsAt: fromLocalInput(values.endsAt)!,
      capacity: Number(values.capacity),
      priceMinor: values.price.trim() === '' ? 0 : toMinorUnits(values.price, currency)!,
      currency,
      tags: parseList(values.tags),
      skills: parseList(values.skills),
      installmentCount: Number(values.installmentCount),
      includedInSubscription: values.includedInSubscription,
    };
    if (!editing || !props.bootcamp) {
      await props.onSaved(full);
      return;
    }
    // Edit: a merge patch of the changed fields only.
    const before = props.bootcamp;
    const patch: Partial<BootcampInput> = {};
    if (full.title !== before.title) patch.title = full.title;
    if (full.description !== before.description) patch.description = full.description;
    if (values.startsAt !== toLocalInput(before.startsAt)) patch.startsAt = full.startsAt;
    if (values.endsAt !== toLocalInput(before.endsAt)) patch.endsAt = full.endsAt;
    if (full.capacity !== before.capacity) patch.capacity = full.capacity;
    if (full.tags.join('\n') !== before.tags.join('\n')) patch.tags = full.tags;
    if (full.skills.join('\n') !== before.skills.join('\n')) patch.skills = full.skills;
    if (full.installmentCount !== before.installmentCount) patch.installmentCount = full.installmentCount;
    if (full.includedInSubscription !== before.includedInSubscription) patch.includedInSubscription = full.includedInSubscription;
    await props.onSaved(patch);
  }, validate);

  const dateHint = `In your time zone (${zone}).`;
  return (
    <form ref={form.formRef} onSubmit={onSubmit} noValidate class="bootcamp-form" data-testid={editing ? 'edit-bootcamp-form' : 'bootcamp-form'}>
      <FormAlert message={form.message} alertRef={form.alertRef} />
      <TextField label="Title" name="title" required value={values.title} onValue={set('title')} errors={form.errorsFor('title')} maxLength={TITLE_MAX} autoComplete="off" />
      <TextAreaField label="Description" name="description" value={values.description} onValue={set('description')} errors={form.errorsFor('description')} rows={6} hint="What students will learn and how the cohort works." />
      <div class="field-row">
        <TextField label="Starts at" name="startsAt" type="datetime-local" required value={values.startsAt} onValue={set('startsAt')} errors={form.errorsFor('startsAt')} hint={dateHint} />
        <TextField label="Ends at" name="endsAt" type="datetime-local" required value={values.endsAt} onValue={set('endsAt')} errors={form.errorsFor('endsAt')} hint={dateHint} />
      </div>
      <div class="field-row">
        <TextField
          label="Capacity"
          name="capacity"
          type="number"
          required
          min={1}
          max={MAX_CAPACITY}
          step={1}
          inputMode="numeric"
          value={values.capacity}
          onValue={set('capacity')}
          errors={form.errorsFor('capacity')}
          hint={editing && props.bootcamp ? `${props.bootcamp.enrolledCount} enrolled now.` : 'The number of student seats.'}
        />
        {editing ? null : (
          <>
            <TextField label="Price" name="priceMinor" type="text" inputMode="decimal" required value={values.price} onValue={set('price')} errors={form.errorsFor('priceMinor')} hint="In the currency below; 0 for a free bootcamp." autoComplete="off" />
            <TextField label="Currency" name="currency" required value={values.currency} onValue={(v) => set('currency')(v.toUpperCase())} errors={form.errorsFor('currency')} maxLength={3} hint="ISO code, e.g. USD, EUR." autoComplete="off" spellcheck={false} />
          </>
        )}
      </div>
      <div class="field-row">
        <TextField
          label="Installments"
          name="installmentCount"
          type="number"
          min={1}
          max={MAX_INSTALLMENTS}
          step={1}
          inputMode="numeric"
          value={values.installmentCount}
          onValue={set('installmentCount')}
          errors={form.errorsFor('installmentCount')}
          hint="1 means paid at once; more lets students split the price into monthly payments."
        />
      </div>
      <label class="checkbox-line">
        <input
          type="checkbox"
          name="includedInSubscription"
          checked={values.includedInSubscription}
          onChange={(e) => setValues((v) => ({ ...v, includedInSubscription: (e.currentTarget as HTMLInputElement).checked }))}
        />
        Included in the platform subscription (subscribers enroll without paying separately)
      </label>
      <TextField label="Tags" name="tags" value={values.tags} onValue={set('tags')} errors={form.errorsFor('tags')} hint="Comma-separated, e.g. web, python, beginner." autoComplete="off" />
      <TextField label="Skills" name="skills" value={values.skills} onValue={set('skills')} errors={form.errorsFor('skills')} hint="Comma-separated skills students gain, e.g. SQL, REST APIs." autoComplete="off" />
      <div class="form-actions">
        <SubmitButton busy={form.busy} busyLabel={editing ? 'Saving…' : 'Creating…'}>
          {editing ? 'Save changes' : 'Create bootcamp'}
        </SubmitButton>
        {props.onCancel ? (
          <button type="button" class="btn btn-ghost" onClick={props.onCancel} disabled={form.busy}>
            Cancel
          </button>
        ) : null}
      </div>
    </form>
  );
}
