import { useEffect, useState } from 'preact/hooks';
import {
  cancelSession, checkIn, formatSessionTime, getAttendance, getCheckInCode, getPresence, getSession, setAttendance,
  REASON_MAX, type AttendanceEntry, type AttendanceStatus, type Session,
} from './api';
import { useSessionRoom } from './live';
import { useBootcampRole } from '../bootcamps/membership';
import { isApiError } from '../shared/api';
import { hasRole, useAuth } from '../shared/auth';
import { collectErrors, FormAlert, required, SelectField, SubmitButton, TextField, useFormSubmit } from '../shared/forms';
import { formatDateTime } from '../shared/format';
import { LoadState, ProgressLine, useLoad, type Load } from '../shared/load';
import { NotFoundPage, useFocusHeadingWhenReady } from '../shared/page';
import { errorMessage } from '../shared/problem';
import { Link, useQuery } from '../shared/router';
import { toast } from '../shared/toasts';
import type { PageProps } from '../routes';
import './liveclasses.css';

export function SessionPage({ params }: PageProps) {
  return <SessionScreen key={params.sessionId} sessionId={params.sessionId} />;
}

/**
 * One live class: its time, the embedded live room (who is in it, live), and by role the rotating check-in code
 * (instructors), the check-in box (students) and attendance (staff).
 */
function SessionScreen({ sessionId }: { sessionId: string }) {
  const session = useLoad((signal) => getSession(sessionId, signal), [sessionId]);
  useFocusHeadingWhenReady(session.data !== null);
  if (session.data === null && isApiError(session.error, 404)) return <NotFoundPage />;
  return (
    <LoadState load={session} page={{ title: 'Live class', testId: 'session-page' }} busyLabel="Loading the class…" failure="This class could not be loaded">
      {(loaded) => <LiveRoom session={loaded} onChanged={session.retry} />}
    </LoadState>
  );
}

function LiveRoom({ session, onChanged }: { session: Session; onChanged: () => void }) {
  const auth = useAuth();
  const { role } = useBootcampRole(session.bootcampId);
  const isInstructor = role === 'instructor';
  const isStaff = isInstructor || role === 'mentor' || hasRole(auth, 'admin');
  const cancelled = session.status === 'cancelled';
  const presence = useLoad((signal) => getPresence(session.sessionId, signal), [session.sessionId]);
  const attendance = useLoad((signal) => (isStaff ? getAttendance(session.sessionId, signal) : Promise.resolve(null)), [session.sessionId, isStaff]);
  const [roomError, setRoomError] = useState<string | null>(null);
  useSessionRoom(session.sessionId, !cancelled, () => {
    setRoomError(null);
    presence.retry();
    if (isStaff) attendance.retry();
  }, setRoomError);

  useEffect(() => {
    document.title = `${session.title} · Cohortly`;
  }, [session.title]);

  const cancel = async () => {
    if (!window.confirm(`Cancel “${session.title}”? Its members are told.`)) return;
    try {
      await cancelSession(session.sessionId);
      toast.success('Class cancelled; its members are told.');
      onChanged();
    } catch (error) {
      toast.error(`The class could not be cancelled: ${errorMessage(error)}`);
    }
  };

  return (
    <article class="card card-wide live-room" data-testid="session-page">
      <p class="breadcrumb">
        <Link href={`/bootcamps/${encodeURIComponent(session.bootcampId)}?tab=live`}>← The bootcamp's live classes</Link>
      </p>
      <header>
        <h1 tabIndex={-1} class="page-title" data-testid="session-title">
          {session.title}
        </h1>
        <p data-testid="session-time">{formatSessionTime(session)}</p>
        {cancelled ? <p class="badge" data-testid="session-cancelled">This class was cancelled.</p> : null}
        {isInstructor && !cancelled ? (
          <button type="button" class="btn btn-secondary" onClick={cancel} data-testid="cancel-session">
            Cancel this class
          </button>
        ) : null}
      </header>

      {cancelled ? null : (
        <section aria-labelledby="room-heading" data-testid="room-presence">
          <h2 id="room-heading" class="section-heading">In the room now</h2>
          {roomError ? <FormAlert message={`You are not in the live room: ${roomError}`} /> : null}
          <LoadState load={presence} busyLabel="Looking who is here…" failure="Who is here could not be loaded">
            {(people) =>
              people.length === 0 ? (
                <p class="muted">Nobody yet.</p>
              ) : (
                <ul class="presence-list" aria-live="polite">
                  {people.map((p) => (
                    <li key={p.userId} data-testid="present-person">
                      {p.displayName}
                    </li>
                  ))}
                </ul>
              )
            }
          </LoadState>
        </section>
      )}

      {isInstructor && !cancelled ? <CheckInDisplay sessionId={session.sessionId} /> : null}
      {role === 'student' && !cancelled ? <CheckInForm sessionId={session.sessionId} /> : null}
      {isStaff ? <AttendanceSection sessionId={session.sessionId} load={attendance} /> : null}
    </article>
  );
}

/** The code showing now, as text and QR code, replaced by the next one as it turns (every 20 seconds). */
function CheckInDisplay({ sessionId }: { sessionId: string }) {
  const [turn, setTurn] = useState(0);
  const code = useLoad((signal) => getCheckInCode(sessionId, signal), [sessionId, turn]);
  useEffect(() => {
    if (!code.data) return undefined;
    const wait = Math.max(1000, new Date(code.data.expiresAt).getTime() - Date.now() + 200);
    const timer = window.setTimeout(() => setTurn((t) => t + 1), wait);
    return () => window.clearTimeout(timer);
  }, [code.data]);
  return (
    <section aria-labelledby="checkin-heading" class="checkin-display" data-testid="checkin-display">
      <h2 id="checkin-heading" class="section-heading">Check-in code</h2>
      {code.error && !code.data ? <FormAlert message={errorMessage(code.error)} /> : null}
      {code.data ? (
        <>
          {/* The SVG comes from our own QR encoder: the check-in link with the code in it. */}
          <div class="checkin-qr" role="img" aria-label={`QR code of the check-in link with code ${code.data.code}`} dangerouslySetInnerHTML={{ __html: code.data.qrSvg }} />
          <p class="checkin-code" data-testid="checkin-code">
            {code.data.code}
          </p>
          <p class="muted small">Students scan it or type it; a new code every 20 seconds.</p>
        </>
      ) : code.busy ? (
        <ProgressLine label="Getting a code…" />
      ) : null}
    </section>
  );
}

function CheckInForm({ sessionId }: { sessionId: string }) {
  // A scanned QR code opens this page with the code in the link: it is filled in, one press from checked in.
  const query = useQuery();
  const [code, setCode] = useState(query.get('code') ?? '');
  const [done, setDone] = useState(false);
  const form = useFormSubmit(['code']);
  const onSubmit = form.onSubmit(
    async () => {
      await checkIn(sessionId, code);
      setDone(true);
    },
    () => collectErrors({ code: required(code, 'Type the code shown in the class.') }),
  );
  return (
    <section aria-labelledby="checkin-form-heading">
      <h2 id="checkin-form-heading" class="section-heading">Check in</h2>
      {done ? (
        <p class="alert alert-success" role="status" data-testid="checked-in">
          You're checked in.
        </p>
      ) : (
        <form ref={form.formRef} onSubmit={onSubmit} noValidate class="checkin-form" data-testid="checkin-form">
          <FormAlert message={form.message} alertRef={form.alertRef} />
          <TextField label="Code on the screen" name="code" required value={code} onValue={setCode} maxLength={32} errors={form.errorsFor('code')} autoComplete="off" spellcheck={false} />
          <div class="form-actions">
            <SubmitButton busy={form.busy} busyLabel="Checking in…">
              Check in
            </SubmitButton>
          </div>
        </form>
      )}
    </section>
  );
}

const statusLabels: Record<AttendanceStatus, string> = { present: 'Present', late: 'Late', absent: 'Absent' };
const sourceLabels: Record<string, string> = { room: 'live room', checkin: 'check-in', override: 'corrected' };

function AttendanceSection({ sessionId, load }: { sessionId: string; load: Load<AttendanceEntry[] | null> }) {
  return (
    <section aria-labelledby="attendance-heading" data-testid="attendance">
      <h2 id="attendance-heading" class="section-heading">Attendance</h2>
      <p class="muted small">Checked in, or in the room for half the class, is attended; arriving more than 10 minutes late is late.</p>
      <LoadState load={load} busyLabel="Loading attendance…" failure="Attendance could not be loaded">
        {(rows) => (
          <>
            <div class="attendance-wrap">
              <table class="attendance-table" data-testid="attendance-table">
                <thead>
                  <tr>
                    <th scope="col">Student</th>
                    <th scope="col">Status</th>
                    <th scope="col">Minutes</th>
                    <th scope="col">From</th>
                  </tr>
                </thead>
                <tbody>
                  {(rows ?? []).map((r) => (
                    <tr key={r.userId} data-testid="attendance-row">
                      <th scope="row">{r.displayName}</th>
                      <td data-testid="attendance-status">{statusLabels[r.status]}</td>
                      <td>{r.minutesAttended}</td>
                      <td>
                        {r.sources.map((s) => sourceLabels[s] ?? s).join(', ') || '—'}
                        {r.override ? <span class="muted small"> ({r.override.byDisplayName}: {r.override.reason}, {formatDateTime(r.override.at)})</span> : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {rows && rows.length > 0 ? <CorrectionForm sessionId={sessionId} rows={rows} onSaved={load.retry} /> : null}
          </>
        )}
      </LoadState>
    </section>
  );
}

function CorrectionForm({ sessionId, rows, onSaved }: { sessionId: string; rows: AttendanceEntry[]; onSaved: () => void }) {
  const [userId, setUserId] = useState(rows[0].userId);
  const [status, setStatus] = useState<AttendanceStatus>('present');
  const [reason, setReason] = useState('');
  const form = useFormSubmit(['userId', 'status', 'reason']);
  const onSubmit = form.onSubmit(
    async () => {
      await setAttendance(sessionId, userId, status, reason.trim());
      toast.success('Attendance corrected.');
      setReason('');
      onSaved();
    },
    () => collectErrors({ reason: required(reason, 'Say why: it is kept with the correction.') }),
  );
  return (
    <details>
      <summary>Correct an entry</summary>
      <form ref={form.formRef} onSubmit={onSubmit} noValidate class="checkin-form" data-testid="attendance-correction">
        <FormAlert message={form.message} alertRef={form.alertRef} />
        <SelectField label="Student" name="userId" value={userId} onValue={setUserId} options={rows.map((r) => ({ value: r.userId, label: r.displayName }))} />
        <SelectField label="Status" name="status" value={status} onValue={(v) => setStatus(v as AttendanceStatus)} options={(['present', 'late', 'absent'] as const).map((s) => ({ value: s, label: statusLabels[s] }))} errors={form.errorsFor('status')} />
        <TextField label="Reason" name="reason" required value={reason} onValue={setReason} maxLength={REASON_MAX} errors={form.errorsFor('reason')} autoComplete="off" />
        <div class="form-actions">
          <SubmitButton busy={form.busy} busyLabel="Saving…">
            Save correction
          </SubmitButton>
        </div>
      </form>
    </details>
  );
}
