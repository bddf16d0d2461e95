// An implementation of the eddsa-jcs-2022 verification (W3C vc-di-eddsa 3.3) that shares no code with Cohortly's:
// npm `canonicalize` (RFC 8785) and `@noble/ed25519`. The public key comes from the proof's did:key verification
// method (multibase base58btc, multicodec 0xed01).
import canonicalize from 'canonicalize';
import { verifyAsync } from '@noble/ed25519';
import { createHash } from 'node:crypto';

const alphabet = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
function base58(text) {
  let n = 0n;
  for (const c of text) {
    const digit = alphabet.indexOf(c);
    if (digit < 0) throw new Error('not base58');
    n = n * 58n + BigInt(digit);
  }
  const bytes = [];
  while (n > 0n) { bytes.unshift(Number(n % 256n)); n /= 256n; }
  for (const c of text) { if (c !== '1') break; bytes.unshift(0); }
  return Uint8Array.from(bytes);
}
const sha256 = (text) => createHash('sha256').update(Buffer.from(text, 'utf8')).digest();

/** Whether a secured credential's eddsa-jcs-2022 proof checks; false for anything malformed. */
export async function verifyProof(secured) {
  try {
    const { proof, ...unsecured } = secured;
    const { proofValue, ...options } = proof;
    if (proof.type !== 'DataIntegrityProof' || proof.cryptosuite !== 'eddsa-jcs-2022' || !proofValue.startsWith('z')) return false;
    const did = options.verificationMethod.split('#')[0];
    const key = base58(did.slice('did:key:z'.length));
    if (key[0] !== 0xed || key[1] !== 0x01 || key.length !== 34) return false;
    const config = { ...options, '@context': unsecured['@context'] };
    const hash = Buffer.concat([sha256(canonicalize(config)), sha256(canonicalize(unsecured))]);
    return await verifyAsync(base58(proofValue.slice(1)), hash, key.slice(2));
  } catch {
    return false;
  }
}

export async function readStdinJson() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}
