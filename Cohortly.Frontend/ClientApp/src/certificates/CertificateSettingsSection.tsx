import './certificates.css';
import { useState } from 'preact/hooks';
import { BootcampCertificatesList } from './BootcampCertificatesList';
import { getCertificateSettings, issueCertificate, listActiveStudents, saveCertificateSettings, type CertificateSettings } from './api';
import { uploadFile } from '../files/api';
import { Field, FormAlert, SelectField, SubmitButton, TextField, useFormSubmit } from '../shared/forms';
import { LoadState, ProgressLine, useLoad } from '../shared/load';
import { errorMessage } from '../shared/problem';
import { toast } from '../shared/toasts';

const settingsFields = ['passPercent', 'signerName', 'signerTitle', 'accentColor', 'logoFileId'] as const;

/** Staff: the bootcamp's certificate rule and template, issuing one by hand, and the students' certificates. */
export function CertificateSettingsSection(props: { bootcampId: string; isAdmin: boolean }) {
  const settings = useLoad((signal) => getCertificateSettings(props.bootcampId, signal), [props.bootcampId]);
  // Bumped by an issue by hand, so the list below shows the new certificate.
  const [issued, setIssued] = useState(0);
  return (
    <section aria-labelledby="certificate-heading" data-testid="certificate-settings">
      <h2 id="certificate-heading" class="section-heading">
        Certificates
      </h2>
      <LoadState load={settings} busyLabel="Loading the certificate settings…" failure="The certificate settings could not be loaded">
        {(loaded) => <SettingsForm bootcampId={props.bootcampId} initial={loaded} />}
      </LoadState>
      <IssueForm bootcampId={props.bootcampId} onIssued={() => setIssued((n) => n + 1)} />
      <BootcampCertificatesList bootcampId={props.bootcampId} isAdmin={props.isAdmin} refreshKey={issued} />
    </section>
  );
}

function SettingsForm(props: { bootcampId: string; initial: CertificateSettings }) {
  const [draft, setDraft] = useState({ ...props.initial, passPercent: String(props.initial.passPercent) });
  const form = useFormSubmit(settingsFields);
  const set = (patch: Partial<typeof draft>) => setDraft((d) => ({ ...d, ...patch }));
  const [logoProgress, setLogoProgress] = useState<number | null>(null);
  const [logoError, setLogoError] = useState<string | null>(null);
  const chooseLogo = async (file: File | undefined) => {
    if (!file) return;
    if (!['image/png', 'image/jpeg'].includes(file.type)) {
      setLogoError('Choose a PNG or JPEG image.');
      return;
    }
    setLogoError(null);
    setLogoProgress(0);
    try {
      const uploaded = await uploadFile(file, { purpose: 'resource', bootcampId: props.bootcampId }, setLogoProgress);
      set({ logoFileId: uploaded.fileId });
      toast.success('Logo uploaded: save the settings to use it.');
    } catch (e) {
      setLogoError(`The logo could not be uploaded: ${errorMessage(e)}`);
    } finally {
      setLogoProgress(null);
    }
  };
  const save = () =>
    form.submit(async () => {
      await saveCertificateSettings(props.bootcampId, { ...draft, passPercent: Number(draft.passPercent) });
      toast.success('Certificate settings saved.');
    });
  return (
    <form ref={form.formRef} onSubmit={(e) => { e.preventDefault(); void save(); }} noValidate class="certificate-settings-form">
      <FormAlert message={form.message} alertRef={form.alertRef} />
      <RuleSummary passPercent={draft.passPercent} requireAllAssignments={draft.requireAllAssignments} autoIssue={draft.autoIssue} />
      <TextField label="Pass mark (% of the average grade)" name="passPercent" type="number" min={0} max={100} step="0.5" inputMode="decimal" required
        value={draft.passPercent} onValue={(v) => set({ passPercent: v })} errors={form.errorsFor('passPercent')} />
      <label class="checkbox-line">
        <input type="checkbox" checked={draft.requireAllAssignments} onChange={(e) => set({ requireAllAssignments: (e.currentTarget as HTMLInputElement).checked })} />
        Every assignment must be graded
      </label>
      <label class="checkbox-line">
        <input type="checkbox" checked={draft.autoIssue} onChange={(e) => set({ autoIssue: (e.currentTarget as HTMLInputElement).checked })} />
        Issue automatically when a student meets the rule
      </label>
      <label class="checkbox-line">
        <input type="checkbox" checked={draft.showGrade} onChange={(e) => set({ showGrade: (e.currentTarget as HTMLInputElement).checked })} />
        Print the final grade
      </label>
      <TextField label="Signer's name" name="signerName" required maxLength={80} value={draft.signerName} onValue={(v) => set({ signerName: v })} errors={form.errorsFor('signerName')} />
      <TextField label="Signer's title" name="signerTitle" required maxLength={80} value={draft.signerTitle} onValue={(v) => set({ signerTitle: v })} errors={form.errorsFor('signerTitle')} />
      <Field label="Accent colour" name="accentColor" required errors={form.errorsFor('accentColor')}>
        {(control) => <input {...control} type="color" name="accentColor" value={draft.accentColor} onInput={(e) => set({ accentColor: e.currentTarget.value })} />}
      </Field>
      <Field label="Logo (PNG or JPEG, printed top left)" name="logoFileId" errors={logoError ? [logoError] : form.errorsFor('logoFileId')}>
        {(control) => (
          <div class="certificate-logo">
            <input {...control} type="file" accept="image/png,image/jpeg" data-testid="certificate-logo-input" disabled={logoProgress !== null}
              onChange={(e) => chooseLogo((e.currentTarget as HTMLInputElement).files?.[0])} />
            {draft.logoFileId ? (
              <button type="button" class="btn btn-secondary btn-small" onClick={() => set({ logoFileId: null })}>
                Remove the logo
              </button>
            ) : null}
          </div>
        )}
      </Field>
      {logoProgress !== null ? <ProgressLine label={`Uploading the logo… ${Math.round(logoProgress * 100)}%`} /> : null}
      <SubmitButton busy={form.busy} busyLabel="Saving…">Save certificate settings</SubmitButton>
    </form>
  );
}

/** The rule in one sentence, as the form stands, so staff read what they are about to save. */
function RuleSummary(props: { passPercent: string; requireAllAssignments: boolean; autoIssue: boolean }) {
  const mark = props.passPercent.trim() === '' ? '…' : `${props.passPercent} %`;
  return (
    <div class="certificate-rule" data-testid="certificate-rule">
      <p>
        <strong>The rule:</strong> a student earns the certificate with an average grade of at least {mark}
        {props.requireAllAssignments ? ' once every assignment is graded' : ' on the work graded so far'}.{' '}
        {props.autoIssue ? 'It is issued automatically as soon as a published grade meets the rule.' : 'Nothing is issued automatically: issue certificates by hand below.'}
      </p>
      <p class="muted small">
        Attendance is not part of the rule yet: it will be once live classes track attendance.
      </p>
    </div>
  );
}

function IssueForm(props: { bootcampId: string; onIssued: () => void }) {
  const students = useLoad((signal) => listActiveStudents(props.bootcampId, signal), [props.bootcampId]);
  const [studentId, setStudentId] = useState('');
  const form = useFormSubmit(['studentId']);
  const issue = () =>
    form.submit(async () => {
      const issued = await issueCertificate(props.bootcampId, studentId);
      toast.success(`Certificate issued to ${issued.studentName}.`);
      props.onIssued();
    }, studentId ? undefined : { studentid: ['Choose a student.'] });
  return (
    <LoadState load={students} busyLabel="Loading the students…" failure="The students could not be loaded">
      {(found) =>
        found.length === 0 ? (
          <p class="muted small">No enrolled students to issue a certificate to yet.</p>
        ) : (
          <form ref={form.formRef} onSubmit={(e) => { e.preventDefault(); void issue(); }} noValidate class="certificate-issue-form">
            <FormAlert message={form.message} alertRef={form.alertRef} />
            <SelectField label="Issue a certificate by hand to" name="studentId" required value={studentId} onValue={setStudentId} errors={form.errorsFor('studentId')}
              options={[{ value: '', label: 'Choose a student' }, ...found.map((s) => ({ value: s.userId, label: s.displayName }))]} />
            <SubmitButton busy={form.busy} busyLabel="Issuing…" variant="secondary">Issue certificate</SubmitButton>
          </form>
        )
      }
    </LoadState>
  );
}
