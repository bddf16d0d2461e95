// Reads a credential JSON on stdin; prints "valid" or "invalid" (see proof.mjs).
import { readStdinJson, verifyProof } from './proof.mjs';

let ok = false;
try {
  ok = await verifyProof(await readStdinJson());
} catch {
  ok = false;
}
console.log(ok ? 'valid' : 'invalid');
