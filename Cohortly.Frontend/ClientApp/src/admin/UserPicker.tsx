import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { searchUsers, type UserSummary } from './api';
import { FieldErrorList } from '../shared/forms';
import './admin.css';
import { errorMessage } from '../shared/problem';

const SHOWN = 8;
const TYPING_PAUSE_MS = 250;

/**
 * Pick a person by typing part of their name or email: a WAI-ARIA combobox whose list is filled from
 * `GET /api/users?q=` (admins). Arrow keys move through the list, Enter picks, Escape closes it.
 */
export function UserPicker(props: { label: string; name: string; value: UserSummary | null; onValue: (user: UserSummary | null) => void; errors?: string[] }) {
  const id = useId();
  const listId = `${id}-list`;
  const statusId = `${id}-status`;
  const errorId = `${id}-error`;
  const [text, setText] = useState(props.value?.displayName ?? '');
  const [open, setOpen] = useState(false);
  const [options, setOptions] = useState<UserSummary[]>([]);
  const [total, setTotal] = useState(0);
  const [active, setActive] = useState(-1);
  const [status, setStatus] = useState<'idle' | 'searching' | 'done' | 'failed'>('idle');
  const [failure, setFailure] = useState('');
  const inputRef = useRef<HTMLInputElement>(null);

  // A form reset (value back to null) empties the box too.
  useEffect(() => {
    if (props.value === null) setText((t) => (open ? t : ''));
  }, [props.value]);

  useEffect(() => {
    const q = text.trim();
    if (!open || q.length === 0) {
      setStatus('idle');
      setOptions([]);
      return;
    }
    const abort = new AbortController();
    const timer = window.setTimeout(async () => {
      setStatus('searching');
      try {
        const page = await searchUsers(q, SHOWN, abort.signal);
        setOptions(page.items);
        setTotal(page.total);
        setActive(page.items.length > 0 ? 0 : -1);
        setStatus('done');
      } catch (error) {
        if (abort.signal.aborted) return;
        setFailure(errorMessage(error));
        setStatus('failed');
      }
    }, TYPING_PAUSE_MS);
    return () => {
      window.clearTimeout(timer);
      abort.abort();
    };
  }, [text, open]);

  const choose = (user: UserSummary) => {
    props.onValue(user);
    setText(user.displayName);
    setOpen(false);
    inputRef.current?.focus();
  };

  const onKeyDown = (event: KeyboardEvent) => {
    switch (event.key) {
      case 'ArrowDown':
        if (!open) setOpen(true);
        else if (options.length > 0) setActive((i) => (i + 1) % options.length);
        break;
      case 'ArrowUp':
        if (options.length > 0) setActive((i) => (i <= 0 ? options.length - 1 : i - 1));
        break;
      case 'Enter':
        if (!open || active < 0 || !options[active]) return; // let the form submit
        choose(options[active]);
        break;
      case 'Escape':
        if (!open) return;
        setOpen(false);
        break;
      default:
        return;
    }
    event.preventDefault();
  };

  const showList = open && text.trim().length > 0 && (status === 'done' || status === 'failed' || options.length > 0);
  const message =
    status === 'searching'
      ? 'Searching…'
      : status === 'failed'
        ? `The search failed. ${failure}`
        : status === 'done'
          ? options.length === 0
            ? 'No one matches. Try part of their name or email.'
            : total > options.length
              ? `Showing ${options.length} of ${total} people: type more to narrow it down.`
              : `${options.length === 1 ? '1 person' : `${options.length} people`} found. Use the arrow keys to choose.`
          : '';
  const hasErrors = (props.errors?.length ?? 0) > 0;

  return (
    <div class={`field user-picker${hasErrors ? ' field-invalid' : ''}`}>
      <label for={id}>{props.label}</label>
      <input
        ref={inputRef}
        id={id}
        name={props.name}
        type="text"
        role="combobox"
        autoComplete="off"
        spellcheck={false}
        aria-autocomplete="list"
        aria-expanded={showList ? 'true' : 'false'}
        aria-controls={listId}
        aria-activedescendant={showList && active >= 0 && options[active] ? `${id}-option-${active}` : undefined}
        aria-describedby={[`${id}-hint`, hasErrors ? errorId : null].filter(Boolean).join(' ')}
        aria-invalid={hasErrors ? 'true' : undefined}
        value={text}
        onInput={(e) => {
          setText(e.currentTarget.value);
          setOpen(true);
          if (props.value) props.onValue(null);
        }}
        onKeyDown={onKeyDown}
        onBlur={() => setOpen(false)}
        data-testid="user-picker-input"
      />
      <p id={`${id}-hint`} class="field-hint">
        {props.value ? (
          <span data-testid="user-picker-chosen">
            Chosen: <strong>{props.value.displayName}</strong> ({props.value.email})
          </span>
        ) : (
          'Type part of their name or email, then choose them from the list.'
        )}
      </p>
      <p id={statusId} class="visually-hidden" role="status">
        {open ? message : ''}
      </p>
      <ul id={listId} role="listbox" aria-label={`${props.label}: matches`} class="user-picker-list" hidden={!showList} data-testid="user-picker-list">
        {options.map((user, index) => (
          <li
            key={user.userId}
            id={`${id}-option-${index}`}
            role="option"
            aria-selected={index === active ? 'true' : 'false'}
            class={`user-picker-option${index === active ? ' is-active' : ''}`}
            // mousedown, not click: the input must not lose focus (and close the list) first.
            onMouseDown={(e) => {
              e.preventDefault();
              choose(user);
            }}
            data-testid="user-picker-option"
          >
            <span class="user-picker-name">{user.displayName}</span>
            <span class="user-picker-email">{user.email}</span>
          </li>
        ))}
        {options.length === 0 ? (
          <li class="user-picker-empty" role="presentation">
            {message}
          </li>
        ) : null}
      </ul>
      <FieldErrorList id={errorId} name={props.name} errors={props.errors} />
    </div>
  );
}
