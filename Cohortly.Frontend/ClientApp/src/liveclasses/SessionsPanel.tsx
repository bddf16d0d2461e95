import { useState } from 'preact/hooks';
import { formatSessionTime, getCalendarFeed, listSessions, rotateCalendarFeed, scheduleSessions, DURATION_MAX, DURATION_MIN, TITLE_MAX, WEEKLY_MAX } from './api';
import { collectErrors, FormAlert, required, SubmitButton, TextField, useFormSubmit } from '../shared/forms';
import { fromLocalInput, localTimeZone, plural } from '../shared/format';
import { LoadState, useLoad } from '../shared/load';
import { Link } from '../shared/router';
import { errorMessage } from '../shared/problem';
import { toast } from '../shared/toasts';
import './liveclasses.css';

/** A bootcamp's live classes in start order, and the schedule form for its instructors. */
export function SessionsPanel(props: { bootcampId: string; isInstructor: boolean }) {
  const sessions = useLoad((signal) => listSessions(props.bootcampId, signal), [props.bootcampId]);
  return (
    <div data-testid="sessions-panel">
      <h2 class="section-heading">Live classes</h2>
      <LoadState load={sessions} busyLabel="Loading the live classes…" failure="The live classes could not be loaded">
        {(list) =>
          list.length === 0 ? (
            <p class="muted">No live classes scheduled yet.</p>
          ) : (
            <ul class="session-list" data-testid="session-list">
              {list.map((s) => (
                <li key={s.sessionId} class={s.status === 'cancelled' ? 'session-cancelled' : undefined}>
                  <Link href={`/sessions/${encodeURIComponent(s.sessionId)}`}>{s.title}</Link>
                  <span class="muted small"> · {formatSessionTime(s)}</span>
                  {s.status === 'cancelled' ? <span class="badge"> Cancelled</span> : null}
                </li>
              ))}
            </ul>
          )
        }
      </LoadState>
      {props.isInstructor ? <ScheduleForm bootcampId={props.bootcampId} onScheduled={sessions.retry} /> : null}
      <CalendarFeedBox />
    </div>
  );
}

function ScheduleForm(props: { bootcampId: string; onScheduled: () => void }) {
  const [title, setTitle] = useState('');
  const [startsAt, setStartsAt] = useState('');
  const [duration, setDuration] = useState('60');
  const [timeZone, setTimeZone] = useState(localTimeZone());
  const [weeks, setWeeks] = useState('1');
  const form = useFormSubmit(['title', 'startsAt', 'durationMinutes', 'timeZone', 'weeklyCount']);

  const onSubmit = form.onSubmit(
    async () => {
      const made = await scheduleSessions(props.bootcampId, {
        title: title.trim(),
        startsAt: fromLocalInput(startsAt)!,
        durationMinutes: Number(duration),
        timeZone: timeZone.trim(),
        weeklyCount: Number(weeks),
      });
      toast.success(`Scheduled ${plural(made.sessionIds.length, 'class', 'classes')}; the bootcamp's members are told.`);
      setTitle('');
      props.onScheduled();
    },
    () =>
      collectErrors({
        title: required(title, 'Give the class a title.'),
        startsAt: fromLocalInput(startsAt) ? [] : ['Choose when the first class starts.'],
        durationMinutes: Number(duration) >= DURATION_MIN && Number(duration) <= DURATION_MAX ? [] : [`A class lasts ${DURATION_MIN} to ${DURATION_MAX} minutes.`],
        timeZone: required(timeZone, 'Name the time zone the class keeps, such as Europe/Berlin.'),
        weeklyCount: Number(weeks) >= 1 && Number(weeks) <= WEEKLY_MAX ? [] : [`Between 1 and ${WEEKLY_MAX} weeks.`],
      }),
  );

  return (
    <details class="schedule-details">
      <summary>
        <h3 class="section-heading">Schedule a live class</h3>
      </summary>
      <form ref={form.formRef} onSubmit={onSubmit} noValidate class="schedule-form" data-testid="schedule-form">
        <FormAlert message={form.message} alertRef={form.alertRef} />
        <TextField label="Title" name="title" required value={title} onValue={setTitle} maxLength={TITLE_MAX} errors={form.errorsFor('title')} autoComplete="off" />
        <TextField label="First class starts" name="startsAt" type="datetime-local" required value={startsAt} onValue={setStartsAt} errors={form.errorsFor('startsAt')} hint={`In your time (${localTimeZone()}).`} />
        <TextField label="Length in minutes" name="durationMinutes" type="number" inputMode="numeric" min={DURATION_MIN} max={DURATION_MAX} required value={duration} onValue={setDuration} errors={form.errorsFor('durationMinutes')} />
        <TextField label="Time zone the class keeps" name="timeZone" required value={timeZone} onValue={setTimeZone} errors={form.errorsFor('timeZone')} hint="A weekly class stays at the same local time in this zone when the clocks change." autoComplete="off" />
        <TextField label="Weeks in the series" name="weeklyCount" type="number" inputMode="numeric" min={1} max={WEEKLY_MAX} required value={weeks} onValue={setWeeks} errors={form.errorsFor('weeklyCount')} hint="1 for a single class." />
        <div class="form-actions">
          <SubmitButton busy={form.busy} busyLabel="Scheduling…">
            Schedule
          </SubmitButton>
        </div>
      </form>
    </details>
  );
}

/** The caller's personal .ics link for their calendar app, and a way to replace it when it was shared by mistake. */
function CalendarFeedBox() {
  const feed = useLoad((signal) => getCalendarFeed(signal), []);
  const [busy, setBusy] = useState(false);
  const rotate = async () => {
    if (!window.confirm('Replace your calendar link? Calendars subscribed to the old one stop getting updates.')) return;
    setBusy(true);
    try {
      const fresh = await rotateCalendarFeed();
      feed.setData(() => fresh);
      toast.success('New calendar link made; the old one no longer works.');
    } catch (error) {
      toast.error(`The link could not be replaced: ${errorMessage(error)}`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <details class="schedule-details" data-testid="calendar-feed">
      <summary>
        <h3 class="section-heading">Add to your calendar</h3>
      </summary>
      <LoadState load={feed} busyLabel="Getting your calendar link…" failure="Your calendar link could not be loaded">
        {(data) => (
          <div class="checkin-form">
            <p class="muted small">Subscribe to this link in Google, Apple or Outlook calendar: every class of your bootcamps, kept up to date. Keep it private.</p>
            <label for="calendar-feed-url">Your calendar link</label>
            <input id="calendar-feed-url" readOnly value={data.feedUrl} onFocus={(e) => e.currentTarget.select()} />
            <div class="form-actions">
              <button type="button" class="btn btn-secondary" onClick={rotate} disabled={busy}>
                {busy ? 'Replacing…' : 'Replace the link'}
              </button>
            </div>
          </div>
        )}
      </LoadState>
    </details>
  );
}
