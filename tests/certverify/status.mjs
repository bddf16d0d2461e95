// W3C Bitstring Status List check, independent of Cohortly's code. Reads {credential, statusList} on stdin: both
// proofs must check, the credential's credentialStatus must point at that list, then the bit at statusListIndex
// (index 0 = the first byte's most significant bit, encodedList = "u" + base64url(gzip(bits))) decides.
// Prints "valid", "revoked" or "invalid".
import { gunzipSync } from 'node:zlib';
import { readStdinJson, verifyProof } from './proof.mjs';

async function check({ credential, statusList }) {
  if (!(await verifyProof(credential)) || !(await verifyProof(statusList))) return 'invalid';
  const entry = credential.credentialStatus;
  const subject = statusList.credentialSubject;
  if (entry?.type !== 'BitstringStatusListEntry' || entry.statusPurpose !== 'revocation'
    || !statusList.type.includes('BitstringStatusListCredential') || subject.type !== 'BitstringStatusList'
    || subject.statusPurpose !== 'revocation' || entry.statusListCredential !== statusList.id
    || statusList.issuer !== (credential.issuer.id ?? credential.issuer)) return 'invalid';
  if (!subject.encodedList.startsWith('u')) return 'invalid';
  const bits = gunzipSync(Buffer.from(subject.encodedList.slice(1), 'base64url'));
  if (bits.length * 8 < 131072) return 'invalid';
  const index = Number.parseInt(entry.statusListIndex, 10);
  if (!(index >= 0 && index < bits.length * 8)) return 'invalid';
  return (bits[index >> 3] >> (7 - (index & 7))) & 1 ? 'revoked' : 'valid';
}

let answer = 'invalid';
try {
  answer = await check(await readStdinJson());
} catch {
  answer = 'invalid';
}
console.log(answer);
