import './certificates.css';
import { useState } from 'preact/hooks';
import { downloadAuthorized, listMyCertificates, type MyCertificate } from './api';
import { formatDate } from '../shared/format';
import { LoadState, ProgressLine, useLoad } from '../shared/load';
import { Page } from '../shared/page';
import { errorMessage } from '../shared/problem';
import { toast } from '../shared/toasts';

const statusLabels: Record<MyCertificate['status'], string> = { valid: 'Valid', revoked: 'Revoked', superseded: 'Replaced by a newer certificate' };

/** The caller's certificates: the signed PDF, the credential JSON, LinkedIn and the public verification page. */
export function MyCertificatesPage() {
  const certificates = useLoad((signal) => listMyCertificates(signal), []);
  const [downloading, setDownloading] = useState<string | null>(null);

  const download = async (key: string, path: string, fileName: string) => {
    setDownloading(key);
    try {
      await downloadAuthorized(path, fileName);
    } catch (e) {
      toast.error(`The download failed: ${errorMessage(e)}`);
    } finally {
      setDownloading(null);
    }
  };

  return (
    <Page title="My certificates" testId="my-certificates-page" lead="Certificates you earned. Anyone can check one with its verification link or its QR code.">
      <LoadState load={certificates} busyLabel="Loading your certificates…" failure="Your certificates could not be loaded">
        {(found) =>
          found.length === 0 ? (
            <p class="empty">No certificates yet. You get one when you complete a bootcamp.</p>
          ) : (
            <ul class="certificate-list" aria-label="My certificates">
              {found.map((c) => (
                <li key={c.certificateId} class="certificate-row" data-testid="my-certificate">
                  <div class="certificate-title">
                    <strong>{c.bootcampTitle}</strong>
                    <span class={`badge certificate-status-${c.status}`}>{statusLabels[c.status]}</span>
                  </div>
                  <span class="muted small">Issued {formatDate(c.issuedAt)} · ID {c.certificateId}</span>
                  <div class="certificate-actions">
                    <button type="button" class="btn btn-primary btn-small" data-testid="download-pdf" disabled={downloading !== null}
                      onClick={() => download(`${c.certificateId}/pdf`, `/api/certificates/${c.certificateId}/pdf`, `certificate-${c.certificateId}.pdf`)}>
                      Download PDF
                    </button>
                    <button type="button" class="btn btn-secondary btn-small" disabled={downloading !== null}
                      onClick={() => download(`${c.certificateId}/json`, `/api/certificates/${c.certificateId}/credential`, `credential-${c.certificateId}.json`)}>
                      Download credential (JSON)
                    </button>
                    <a class="btn btn-secondary btn-small" href={c.linkedInUrl} target="_blank" rel="noopener noreferrer">
                      Add to LinkedIn profile
                    </a>
                    <a class="btn btn-secondary btn-small" href={`/verify/${c.certificateId}`}>
                      Verification page
                    </a>
                  </div>
                  {downloading?.startsWith(c.certificateId) ? <ProgressLine label="Preparing the download…" /> : null}
                </li>
              ))}
            </ul>
          )
        }
      </LoadState>
    </Page>
  );
}
