import { useEffect, useId, useState } from 'preact/hooks';
import { getAvailability, setAvailability } from './api';
import { presenceStore, setOwnPresence } from './live';
import { formatDateTime, fromLocalInput, localTimeZone, toLocalInput } from '../shared/format';
import { FormAlert, TextField, useFormSubmit } from '../shared/forms';
import { errorMessage } from '../shared/problem';
import { toast } from '../shared/toasts';
import './notifications.css';

interface Saved {
  available: boolean;
  until: string | null;
}

/**
 * The mentor's "available to my students" switch, with an optional end time: read from the server when it opens
 * (`GET /api/mentors/me/availability`, so a reload shows the truth), saved with `PUT`.
 */
export function AvailabilityToggle(props: { userId: string }) {
  const [saved, setSaved] = useState<Saved>({ available: false, until: null });
  const [loading, setLoading] = useState(true);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [untilInput, setUntilInput] = useState('');
  /** The value being saved: the switch shows it at once and goes back if the server refuses. */
  const [pending, setPending] = useState<boolean | null>(null);
  const form = useFormSubmit(['until', 'available']);
  const switchId = useId();
  const hintId = `${switchId}-hint`;

  useEffect(() => {
    const abort = new AbortController();
    getAvailability(abort.signal)
      .then((current) => {
        setSaved(current);
        setUntilInput(toLocalInput(current.until));
        setOwnPresence(props.userId, current.available);
        setLoading(false);
      })
      .catch((error) => {
        if (abort.signal.aborted) return;
        setLoadError(`Your availability could not be read: ${errorMessage(error)} Switching it still works.`);
        setLoading(false);
      });
    return () => abort.abort();
  }, [props.userId]);

  // Follow presence messages about ourselves (another tab or device may have changed it).
  useEffect(
    () =>
      presenceStore.subscribe((all) => {
        const live = all[props.userId];
        if (live !== undefined) setSaved((s) => (s.available === live ? s : { available: live, until: live ? s.until : null }));
      }),
    [props.userId],
  );

  const save = async (available: boolean, until: string | null) => {
    setPending(available);
    await form.submit(
      async () => {
        await setAvailability(available, until);
        const next = { available, until: available ? until : null };
        setSaved(next);
        setOwnPresence(props.userId, available);
        toast.success(available ? (until ? `You're shown as available until ${formatDateTime(until)}.` : "You're shown as available.") : "You're shown as away.");
      },
      untilProblems(available, until, untilInput),
    );
    setPending(null);
  };

  const onToggle = (event: Event) => {
    const available = (event.currentTarget as HTMLInputElement).checked;
    void save(available, available ? fromLocalInput(untilInput) : null);
  };

  const onSubmit = (event: Event) => {
    event.preventDefault(); // Enter in the time field: update the end time when available
    if (saved.available && !form.busy) void save(true, fromLocalInput(untilInput));
  };

  const shown = pending ?? saved.available;

  const untilChanged = saved.available && (fromLocalInput(untilInput) ?? null) !== (saved.until ? fromLocalInput(toLocalInput(saved.until)) : null);

  return (
    <section class="availability" aria-labelledby={`${switchId}-heading`} data-testid="availability">
      <h2 id={`${switchId}-heading`} class="section-heading">
        Mentor availability
      </h2>
      <form ref={form.formRef} onSubmit={onSubmit} noValidate>
      <FormAlert message={form.message ?? loadError} alertRef={form.alertRef} />
      <div class="availability-row">
        <label class="switch" for={switchId}>
          <input
            id={switchId}
            type="checkbox"
            role="switch"
            checked={shown}
            onChange={onToggle}
            disabled={form.busy || loading}
            aria-busy={form.busy || loading ? 'true' : undefined}
            aria-describedby={hintId}
            data-testid="availability-toggle"
          />
          <span class="switch-track" aria-hidden="true">
            <span class="switch-thumb" />
          </span>
          <span class="switch-label">Available to my students</span>
        </label>
        <span class={`presence presence-${saved.available ? 'available' : 'away'}`} data-testid="availability-state" role="status">
          {loading ? 'Loading…' : form.busy ? 'Saving…' : saved.available ? (saved.until ? `available until ${formatDateTime(saved.until)}` : 'available') : 'away'}
        </span>
      </div>
      <p id={hintId} class="field-hint">
        Your students see a green dot next to your name and get a notification when you switch on.
      </p>
      <div class="availability-until">
        <TextField
          label="Available until"
          name="until"
          type="datetime-local"
          value={untilInput}
          onValue={setUntilInput}
          errors={form.errorsFor('until')}
          hint={`Your local time (${localTimeZone()}), within the next 7 days. Leave empty to stay available until you switch off.`}
        />
        {untilChanged ? (
          <button type="submit" class="btn btn-secondary btn-small" disabled={form.busy}>
            Update end time
          </button>
        ) : null}
      </div>
      </form>
    </section>
  );
}

function untilProblems(available: boolean, until: string | null, input: string): Record<string, string[]> {
  if (!available) return {};
  if (input && !until) return { until: ['Enter a valid date and time.'] };
  if (until) {
    const ms = Date.parse(until);
    if (ms <= Date.now()) return { until: ['Choose a time in the future.'] };
    if (ms > Date.now() + 7 * 24 * 3600 * 1000) return { until: ['Choose a time within the next 7 days.'] };
  }
  return {};
}
