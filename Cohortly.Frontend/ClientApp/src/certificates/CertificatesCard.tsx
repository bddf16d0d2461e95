import { type MyCertificate } from './api';
import { registerHomeCard } from '../home/cards';
import { HomeCardFrame } from '../home/HomeCard';
import { formatDate } from '../shared/format';
import { Link } from '../shared/router';

const statusNotes: Record<MyCertificate['status'], string> = { valid: '', revoked: ' · revoked', superseded: ' · replaced' };

/** A student's certificates, each linking to its public verification page. */
function CertificatesCard({ data }: { data: { recent: MyCertificate[]; total: number } }) {
  return (
    <HomeCardFrame title="Your certificates" testId="home-certificates" actions={<Link href="/me/certificates">All certificates</Link>}>
      <ul class="home-list">
        {data.recent.map((c) => (
          <li key={c.certificateId}>
            <Link href={`/verify/${encodeURIComponent(c.certificateId)}`}>{c.bootcampTitle}</Link>
            <span class="muted small"> · issued {formatDate(c.issuedAt)}{statusNotes[c.status]}</span>
          </li>
        ))}
      </ul>
    </HomeCardFrame>
  );
}

registerHomeCard('certificates.mine', CertificatesCard);
