import type { ComponentChildren, Ref, TargetedSubmitEvent } from 'preact';
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { ApiError, describeError, describeWait } from './problem';

export type FieldErrors = Record<string, string[]>;

/** What a field hands its control: the id its label points at and the accessibility wiring. */
export interface FieldControl {
  id: string;
  'aria-describedby'?: string;
  'aria-invalid'?: 'true';
  'aria-required'?: 'true';
}

export interface FieldProps {
  label: string;
  /** The API's name for the field; the error list's test id is `error-<name>`. */
  name: string;
  required?: boolean;
  /** Mark a field that is not required with "(optional)" (default true; off for e.g. search boxes and selects). */
  markOptional?: boolean;
  hint?: ComponentChildren;
  errors?: string[];
  /** The input itself, given the props that tie it to the label, the hint and the errors. */
  children: (control: FieldControl) => ComponentChildren;
}

/** One labelled control with an optional hint and its errors, wired up with aria-describedby/aria-invalid. */
export function Field(props: FieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const hasErrors = (props.errors?.length ?? 0) > 0;
  const describedBy = [props.hint ? hintId : null, hasErrors ? errorId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`field${hasErrors ? ' field-invalid' : ''}`}>
      <label for={id}>
        {props.label}
        {props.required || props.markOptional === false ? null : <span class="optional"> (optional)</span>}
      </label>
      {props.children({
        id,
        'aria-describedby': describedBy,
        'aria-invalid': hasErrors ? 'true' : undefined,
        'aria-required': props.required ? 'true' : undefined,
      })}
      {props.hint ? (
        <p id={hintId} class="field-hint">
          {props.hint}
        </p>
      ) : null}
      <FieldErrorList id={errorId} name={props.name} errors={props.errors} />
    </div>
  );
}

/** A field's (or a group of checkboxes') error messages; nothing when there are none. */
export function FieldErrorList(props: { id: string; name: string; errors?: string[] }) {
  if (!props.errors || props.errors.length === 0) return null;
  return (
    <ul id={props.id} class="field-errors" data-testid={`error-${props.name}`}>
      {props.errors.map((message) => (
        <li key={message}>{message}</li>
      ))}
    </ul>
  );
}

interface ControlProps {
  label: string;
  name: string;
  value: string;
  onValue: (value: string) => void;
  required?: boolean;
  hint?: ComponentChildren;
  errors?: string[];
  disabled?: boolean;
}

interface TextControlProps extends ControlProps {
  maxLength?: number;
  spellcheck?: boolean;
}

/** The attributes a one-line input and a text area share. */
function textControl(props: TextControlProps) {
  return {
    name: props.name,
    value: props.value,
    onInput: (e: { currentTarget: HTMLInputElement | HTMLTextAreaElement }) => props.onValue(e.currentTarget.value),
    required: props.required,
    disabled: props.disabled,
    maxLength: props.maxLength,
    spellcheck: props.spellcheck,
  };
}

export interface TextFieldProps extends TextControlProps {
  type?: 'text' | 'email' | 'password' | 'search' | 'number' | 'datetime-local';
  autoComplete?: string;
  /** For number and datetime-local inputs. */
  min?: string | number;
  max?: string | number;
  step?: string | number;
  inputMode?: 'text' | 'decimal' | 'numeric' | 'email' | 'search';
  placeholder?: string;
  inputRef?: Ref<HTMLInputElement>;
  autoFocus?: boolean;
  markOptional?: boolean;
}

export function TextField(props: TextFieldProps) {
  return (
    <Field label={props.label} name={props.name} required={props.required} markOptional={props.markOptional} hint={props.hint} errors={props.errors}>
      {(control) => (
        <input
          {...control}
          {...textControl(props)}
          ref={props.inputRef}
          // the input's type union is discriminated in Preact's JSX types; all of ours take the same attributes
          type={(props.type ?? 'text') as 'text'}
          autoComplete={props.autoComplete}
          autoFocus={props.autoFocus}
          min={props.min}
          max={props.max}
          step={props.step}
          inputMode={props.inputMode}
          placeholder={props.placeholder}
        />
      )}
    </Field>
  );
}

export interface TextAreaFieldProps extends TextControlProps {
  rows?: number;
}

export function TextAreaField(props: TextAreaFieldProps) {
  return (
    <Field label={props.label} name={props.name} required={props.required} hint={props.hint} errors={props.errors}>
      {(control) => <textarea {...control} {...textControl(props)} rows={props.rows ?? 5} />}
    </Field>
  );
}

export interface SelectFieldProps extends ControlProps {
  options: readonly { value: string; label: string }[];
}

export function SelectField(props: SelectFieldProps) {
  return (
    <Field label={props.label} name={props.name} required={props.required} markOptional={false} hint={props.hint} errors={props.errors}>
      {(control) => (
        <select {...control} name={props.name} value={props.value} onChange={(e) => props.onValue(e.currentTarget.value)} required={props.required} disabled={props.disabled}>
          {props.options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/** A submit button that shows a spinner and a busy label while the form is submitting. */
export function SubmitButton(props: { busy: boolean; busyLabel?: string; disabled?: boolean; children: ComponentChildren; variant?: 'primary' | 'secondary' }) {
  return (
    <button
      type="submit"
      class={`btn btn-${props.variant ?? 'primary'}`}
      disabled={props.busy || props.disabled}
      aria-busy={props.busy ? 'true' : undefined}
    >
      {props.busy ? <span class="spinner" aria-hidden="true" /> : null}
      <span>{props.busy ? (props.busyLabel ?? 'Working…') : props.children}</span>
    </button>
  );
}

/** The message for the whole form (API `detail`/`title`, or field errors without an input). */
export function FormAlert(props: { message: string | null; kind?: 'error' | 'success' | 'info'; alertRef?: Ref<HTMLDivElement>; testId?: string }) {
  if (!props.message) return null;
  const kind = props.kind ?? 'error';
  return (
    <div
      ref={props.alertRef}
      class={`alert alert-${kind}`}
      role={kind === 'error' ? 'alert' : 'status'}
      tabIndex={-1}
      data-testid={props.testId ?? `form-${kind}`}
    >
      {props.message}
    </div>
  );
}

export interface FormState {
  busy: boolean;
  fieldErrors: FieldErrors;
  message: string | null;
  /** Seconds left before a throttled form may be sent again. */
  waitSeconds: number;
}

/**
 * Submission state for a form: busy flag, API errors split into field and form messages, a
 * Retry-After countdown, and focus moved to the first problem so keyboard users land on it.
 */
export function useFormSubmit(fields: readonly string[]) {
  const [state, setState] = useState<FormState>({ busy: false, fieldErrors: {}, message: null, waitSeconds: 0 });
  const formRef = useRef<HTMLFormElement>(null);
  const alertRef = useRef<HTMLDivElement>(null);
  const mounted = useRef(true);
  useEffect(() => () => void (mounted.current = false), []);

  useEffect(() => {
    if (state.waitSeconds <= 0) return;
    const timer = window.setTimeout(() => {
      if (mounted.current) setState((s) => ({ ...s, waitSeconds: Math.max(0, s.waitSeconds - 1), message: s.waitSeconds - 1 <= 0 ? null : s.message }));
    }, 1000);
    return () => window.clearTimeout(timer);
  }, [state.waitSeconds]);

  const focusFirstProblem = () =>
    requestAnimationFrame(() => {
      const invalid = formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
      (invalid ?? alertRef.current)?.focus();
    });

  /** Runs the action; returns true on success. Client-side errors may be passed in to stop early. */
  const submit = async (action: () => Promise<void>, clientErrors?: FieldErrors): Promise<boolean> => {
    if (state.busy) return false;
    if (clientErrors && Object.keys(clientErrors).length > 0) {
      setState((s) => ({ ...s, fieldErrors: clientErrors, message: null }));
      focusFirstProblem();
      return false;
    }
    setState((s) => ({ ...s, busy: true, fieldErrors: {}, message: null }));
    try {
      await action();
      if (mounted.current) setState((s) => ({ ...s, busy: false }));
      return true;
    } catch (error) {
      if (!mounted.current) return false;
      const { fields: fieldErrors, message } = describeError(error, fields);
      const wait = error instanceof ApiError && error.status === 429 ? (error.retryAfterSeconds ?? 0) : 0;
      setState({ busy: false, fieldErrors, message, waitSeconds: wait });
      focusFirstProblem();
      return false;
    }
  };

  const onSubmit = (action: () => Promise<void>, validate?: () => FieldErrors) => (event: TargetedSubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    void submit(action, validate?.());
  };

  // While throttled, the message counts down with the Retry-After seconds.
  const message =
    state.waitSeconds > 0 ? `Too many attempts. Please try again ${describeWait(state.waitSeconds)}.` : state.message;

  return {
    ...state,
    message,
    /** The errors for one input, by its field name (case-insensitive, as the API names it). */
    errorsFor: (name: string): string[] | undefined => state.fieldErrors[name.toLowerCase()],
    formRef,
    alertRef,
    submit,
    onSubmit,
    setMessage: (text: string | null) => setState((s) => ({ ...s, message: text })),
  };
}

/** The server's rules (PasswordPolicy, AccountsApi), checked here first so a mistake is named before anything is sent. */
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;
export const DISPLAY_NAME_MAX = 100;
export const EMAIL_MAX = 254;

/** The server counts characters as a person sees them, so an emoji counts once; code points are close enough here. */
function characters(text: string): number {
  return [...text].length;
}

export function passwordProblems(password: string): string[] {
  if (!password) return ['Enter a password.'];
  const length = characters(password);
  if (length < PASSWORD_MIN || length > PASSWORD_MAX) return [`Use ${PASSWORD_MIN} to ${PASSWORD_MAX} characters (this one has ${length}).`];
  return [];
}

export function displayNameProblems(name: string): string[] {
  const trimmed = name.trim();
  if (!trimmed) return ['Enter the name others will see.'];
  if (characters(trimmed) > DISPLAY_NAME_MAX) return [`Display name can be at most ${DISPLAY_NAME_MAX} characters (this one has ${characters(trimmed)}).`];
  return [];
}

/** Like the server: one @, no spaces, and a dot in the domain. */
export function emailProblems(email: string): string[] {
  const trimmed = email.trim();
  if (!trimmed) return ['Enter your email address.'];
  if (trimmed.length > EMAIL_MAX) return [`An email address can be at most ${EMAIL_MAX} characters.`];
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(trimmed)) return ['Enter an email address like name@example.com.'];
  return [];
}

export function required(value: string, message: string): string[] {
  return value.trim() ? [] : [message];
}

/** Builds a FieldErrors object (keys lower-cased like the API's), dropping fields without problems. */
export function collectErrors(entries: Record<string, string[]>): FieldErrors {
  return Object.fromEntries(
    Object.entries(entries)
      .filter(([, messages]) => messages.length > 0)
      .map(([name, messages]) => [name.toLowerCase(), messages]),
  );
}
