import { useEffect, useState } from 'preact/hooks';
import { correctCertificateName, listBootcampCertificates, revokeCertificate, type CertificateSummary, type StudentCertificates } from './api';
import { FormAlert, SubmitButton, TextAreaField, TextField, useFormSubmit } from '../shared/forms';
import { formatDate } from '../shared/format';
import { LoadState, useLoad } from '../shared/load';
import { Pager } from '../shared/pager';
import { toast } from '../shared/toasts';

const PAGE_SIZE = 20;
/** The server's limits (CertificateRules.MaxStudentNameLength, CertificatesApi's reason limit), named before anything is sent. */
const NAME_MAX = 120;
const REASON_MAX = 500;

const statusLabels: Record<CertificateSummary['status'], string> = { valid: 'Valid', revoked: 'Revoked', superseded: 'Superseded' };

type Action = { kind: 'correct' | 'revoke'; certificateId: string };

/**
 * Staff: each student's certificate, paged like the roster. Instructors and admins correct a misspelt name (a new
 * certificate; the old one stays, marked superseded and linked to it); admins revoke with a reason.
 */
export function BootcampCertificatesList(props: { bootcampId: string; isAdmin: boolean; refreshKey: number }) {
  const [page, setPage] = useState(1);
  const rows = useLoad((signal) => listBootcampCertificates(props.bootcampId, page, PAGE_SIZE, signal), [props.bootcampId, page, props.refreshKey]);
  const [action, setAction] = useState<Action | null>(null);
  const done = () => {
    setAction(null);
    rows.retry();
  };
  return (
    <section aria-labelledby="issued-certificates-heading" data-testid="bootcamp-certificates">
      <h3 id="issued-certificates-heading">Students' certificates</h3>
      <LoadState load={rows} busyLabel="Loading the certificates…" failure="The certificates could not be loaded">
        {(found) => (
          <>
            {found.items.length === 0 ? (
              <p class="empty">Nobody has enrolled yet.</p>
            ) : (
              <ul class="certificate-list" aria-label="Students' certificates">
                {found.items.map((row) => (
                  <StudentRow key={row.studentId} row={row} isAdmin={props.isAdmin} action={action} onAction={setAction} onDone={done} />
                ))}
              </ul>
            )}
            <Pager page={found.page} pageSize={found.pageSize} total={found.total} busy={rows.busy} label="Certificate list pages" onPage={setPage} />
          </>
        )}
      </LoadState>
    </section>
  );
}

function StudentRow(props: { row: StudentCertificates; isAdmin: boolean; action: Action | null; onAction: (a: Action | null) => void; onDone: () => void }) {
  const { row } = props;
  const [current, ...replaced] = row.certificates;
  const open = current && props.action?.certificateId === current.certificateId ? props.action.kind : null;
  return (
    <li class="certificate-row" data-testid="student-certificates" data-student={row.displayName}>
      <div class="certificate-title">
        <strong>{row.displayName}</strong>
        {row.enrollmentStatus === 'withdrawn' ? <span class="badge">Withdrawn</span> : null}
        {current ? <span class={`badge certificate-status-${current.status}`}>{statusLabels[current.status]}</span> : null}
      </div>
      {current ? (
        <>
          <span class="muted small">
            Printed name “{current.studentName}” · issued {formatDate(current.issuedAt)} ·{' '}
            <a href={`/verify/${current.certificateId}`}>verification page</a>
          </span>
          {current.status === 'revoked' ? (
            <span class="small">
              Revoked {formatDate(current.revokedAt)}: {current.reason}
            </span>
          ) : null}
          {replaced.map((old) => (
            <span key={old.certificateId} class="muted small" data-testid="superseded-certificate">
              Superseded: “{old.studentName}” issued {formatDate(old.issuedAt)} (<a href={`/verify/${old.certificateId}`}>its verification page</a>), replaced by{' '}
              <a href={`/verify/${old.supersededBy}`}>the corrected certificate</a>
            </span>
          ))}
          {current.status === 'valid' && open === null ? (
            <div class="certificate-actions">
              <button type="button" class="btn btn-secondary btn-small" onClick={() => props.onAction({ kind: 'correct', certificateId: current.certificateId })}>
                Correct name<span class="visually-hidden"> on {row.displayName}'s certificate</span>
              </button>
              {props.isAdmin ? (
                <button type="button" class="btn btn-ghost btn-small" onClick={() => props.onAction({ kind: 'revoke', certificateId: current.certificateId })}>
                  Revoke<span class="visually-hidden"> {row.displayName}'s certificate</span>
                </button>
              ) : null}
            </div>
          ) : null}
          {open === 'correct' ? <CorrectNameForm certificate={current} onCancel={() => props.onAction(null)} onDone={props.onDone} /> : null}
          {open === 'revoke' ? <RevokeForm certificate={current} studentName={row.displayName} onCancel={() => props.onAction(null)} onDone={props.onDone} /> : null}
        </>
      ) : (
        <span class="muted small">No certificate yet.</span>
      )}
    </li>
  );
}

/** An inline form opened by a button: the keyboard lands in its field, ready to type. */
function useFocusFirstField(form: { formRef: { current: HTMLFormElement | null } }) {
  useEffect(() => form.formRef.current?.querySelector<HTMLElement>('input, textarea')?.focus(), []);
}

function CorrectNameForm(props: { certificate: CertificateSummary; onCancel: () => void; onDone: () => void }) {
  const [name, setName] = useState(props.certificate.studentName);
  const form = useFormSubmit(['studentName']);
  useFocusFirstField(form);
  const problems = () => {
    const trimmed = name.trim();
    if (!trimmed) return { studentname: ['Type the name as it should be printed.'] };
    if (trimmed.length > NAME_MAX) return { studentname: [`A name is at most ${NAME_MAX} characters.`] };
    if (trimmed === props.certificate.studentName) return { studentname: ['That is the name already printed: change it to correct it.'] };
    return undefined;
  };
  const save = () =>
    form.submit(async () => {
      const corrected = await correctCertificateName(props.certificate.certificateId, name.trim());
      toast.success(`A corrected certificate for ${corrected.studentName} was issued and emailed; the old one now shows as superseded.`);
      props.onDone();
    }, problems());
  return (
    <form ref={form.formRef} onSubmit={(e) => { e.preventDefault(); void save(); }} noValidate class="certificate-inline-form" data-testid="correct-name-form">
      <FormAlert message={form.message} alertRef={form.alertRef} />
      <TextField label="Name as it should be printed" name="studentName" required maxLength={NAME_MAX} autoComplete="off"
        hint="A new certificate is issued and emailed; the old one stays verifiable as superseded, linked to the new one."
        value={name} onValue={setName} errors={form.errorsFor('studentName')} />
      <div class="certificate-actions">
        <SubmitButton busy={form.busy} busyLabel="Issuing the corrected certificate…">Issue corrected certificate</SubmitButton>
        <button type="button" class="btn btn-ghost" disabled={form.busy} onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function RevokeForm(props: { certificate: CertificateSummary; studentName: string; onCancel: () => void; onDone: () => void }) {
  const [reason, setReason] = useState('');
  const form = useFormSubmit(['reason']);
  useFocusFirstField(form);
  const revoke = () =>
    form.submit(
      async () => {
        await revokeCertificate(props.certificate.certificateId, reason.trim());
        toast.success(`${props.studentName}'s certificate was revoked: its verification page says so from now on.`);
        props.onDone();
      },
      !reason.trim()
        ? { reason: ['Say why it is revoked: the reason is shown on the public verification page.'] }
        : reason.trim().length > REASON_MAX
          ? { reason: [`A reason is at most ${REASON_MAX} characters.`] }
          : undefined,
    );
  return (
    <form ref={form.formRef} onSubmit={(e) => { e.preventDefault(); void revoke(); }} noValidate class="certificate-inline-form" data-testid="revoke-form">
      <FormAlert message={form.message} alertRef={form.alertRef} />
      <TextAreaField label="Reason (shown on the public verification page)" name="reason" required maxLength={REASON_MAX} value={reason} onValue={setReason}
        errors={form.errorsFor('reason')} />
      <div class="certificate-actions">
        <SubmitButton busy={form.busy} busyLabel="Revoking…">Revoke certificate</SubmitButton>
        <button type="button" class="btn btn-ghost" disabled={form.busy} onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
