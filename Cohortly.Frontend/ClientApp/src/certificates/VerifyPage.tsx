import './certificates.css';
import { useState } from 'preact/hooks';
import { verifyCertificate, verifyPdf, verifyToken, type Verification } from './api';
import type { PageProps } from '../routes';
import { formatDate, formatDateRange } from '../shared/format';
import { LoadState, ProgressLine, useLoad } from '../shared/load';
import { Page } from '../shared/page';
import { errorMessage } from '../shared/problem';

const maxPdfBytes = 5 * 1024 * 1024;

const headlines: Record<Verification['status'], string> = {
  valid: 'This certificate is valid.',
  revoked: 'This certificate was revoked.',
  superseded: 'This certificate was replaced by a newer one.',
  unknown: 'No certificate has this ID.',
  invalid: 'This is not a genuine certificate: its signature does not match.',
};

/**
 * Public: what a certificate says, straight from the issuer, so an edited PDF that still "looks" right is caught by
 * comparing. Opened from the QR code, the page checks the code's signed token too. A PDF can be dropped to check its signature.
 */
export function VerifyPage({ params }: PageProps) {
  const token = new URLSearchParams(window.location.search).get('t');
  const result = useLoad((signal) => (token ? verifyToken(token, signal) : verifyCertificate(params.certificateId, signal)), [params.certificateId, token]);
  const [checked, setChecked] = useState<Verification | null>(null);
  const [checking, setChecking] = useState(false);
  const [checkError, setCheckError] = useState<string | null>(null);

  const [dragging, setDragging] = useState(false);

  const check = async (file: File | undefined) => {
    if (!file) return;
    if (file.type !== 'application/pdf' && !file.name.toLowerCase().endsWith('.pdf')) {
      setChecked(null);
      setCheckError('That is not a PDF. Choose the certificate PDF you were given.');
      return;
    }
    if (file.size > maxPdfBytes) {
      setChecked(null);
      setCheckError('That file is larger than 5 MB: a certificate PDF is much smaller, so it is not one of ours.');
      return;
    }
    setChecking(true);
    setCheckError(null);
    setChecked(null);
    try {
      setChecked(await verifyPdf(file));
    } catch (e) {
      setCheckError(`The file could not be checked: ${errorMessage(e)}`);
    } finally {
      setChecking(false);
    }
  };

  return (
    <Page title="Verify a certificate" testId="verify-page" lead="Compare every field below with the certificate you were shown.">
      <LoadState load={result} busyLabel="Checking the certificate…" failure="The certificate could not be checked">
        {(found) => <VerificationCard verification={found} />}
      </LoadState>
      <section class={`verify-pdf${dragging ? ' verify-pdf-dragging' : ''}`} aria-labelledby="verify-pdf-heading" data-testid="verify-pdf-drop"
        onDragOver={(e) => { e.preventDefault(); setDragging(true); }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => { e.preventDefault(); setDragging(false); void check(e.dataTransfer?.files[0]); }}>
        <h2 id="verify-pdf-heading">Check a PDF</h2>
        <p class="muted small">Choose or drop a certificate PDF: its digital signature and the credential inside are checked.</p>
        <label class="btn btn-secondary verify-pdf-label">
          Choose a PDF
          <input type="file" accept="application/pdf,.pdf" class="visually-hidden" data-testid="verify-pdf-input"
            onChange={(e) => check((e.currentTarget as HTMLInputElement).files?.[0])} />
        </label>
        {checking ? <ProgressLine label="Checking the PDF…" /> : null}
        {checkError ? <div class="alert alert-error" role="alert">{checkError}</div> : null}
        {checked ? (
          <div data-testid="pdf-check">
            <p class={checked.signatureValid ? 'check-ok' : 'check-bad'}>
              {checked.signatureValid ? 'The PDF signature is ours and covers the whole file.' : 'The PDF signature is missing or does not match: the file was changed.'}
            </p>
            <p class={checked.credentialValid ? 'check-ok' : 'check-bad'}>
              {checked.credentialValid ? 'The credential inside is intact.' : 'The credential inside is missing or was changed.'}
            </p>
            <VerificationCard verification={checked} />
          </div>
        ) : null}
      </section>
    </Page>
  );
}

function VerificationCard({ verification: v }: { verification: Verification }) {
  return (
    <div class={`verification verification-${v.status}`} data-testid="verification" data-status={v.status} role="status">
      <p class="verification-headline">{headlines[v.status]}</p>
      {v.status === 'superseded' && v.supersededBy ? (
        <p>
          Its name was corrected: <a href={`/verify/${v.supersededBy}`} data-testid="superseded-by">see the current certificate</a>.
        </p>
      ) : null}
      {v.status === 'revoked' ? (
        <p>
          Revoked {formatDate(v.revokedAt)}{v.reason ? `: ${v.reason}` : ''}
        </p>
      ) : null}
      {v.studentName ? (
        <dl class="verification-fields">
          <dt>Awarded to</dt>
          <dd>{v.studentName}</dd>
          <dt>Bootcamp</dt>
          <dd>{v.bootcampTitle}</dd>
          <dt>Dates</dt>
          <dd>{v.startsAt && v.endsAt ? formatDateRange(v.startsAt, v.endsAt) : '—'}</dd>
          <dt>Skills</dt>
          <dd>{v.skills.length > 0 ? v.skills.join(', ') : '—'}</dd>
          {v.grade ? (
            <>
              <dt>Final grade</dt>
              <dd>{v.grade}</dd>
            </>
          ) : null}
          <dt>Signed by</dt>
          <dd>
            {v.signerName}, {v.signerTitle}
          </dd>
          <dt>Issued</dt>
          <dd>{formatDate(v.issuedAt)}</dd>
          <dt>Certificate ID</dt>
          <dd class="certificate-id">{v.certificateId}</dd>
        </dl>
      ) : null}
    </div>
  );
}
