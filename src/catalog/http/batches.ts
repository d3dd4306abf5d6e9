/**
 * Splitting a large publish into requests under the server's body limit.
 * Versions of one product stay in one request, so the server sees them
 * together (as a local publish would).
 */
import type { Candidate } from '../store.js';
import { DpError } from '../../errors.js';
import { MAX_CANDIDATES, wireCandidate } from './wire.js';

/** Room left for the envelope of the request and JSON escaping differences. */
const HEADROOM = 0.9;

function sizeOf(c: Candidate): number {
  return Buffer.byteLength(JSON.stringify(wireCandidate(c)));
}

export function batchCandidates(candidates: Candidate[], bodyLimit: number): Candidate[][] {
  const budget = Math.floor(bodyLimit * HEADROOM) - 512;
  const groups = new Map<string, Candidate[]>();
  for (const c of candidates) groups.set(c.productId, [...(groups.get(c.productId) ?? []), c]);
  const batches: Candidate[][] = [];
  let current: Candidate[] = [];
  let used = 0;
  for (const group of groups.values()) {
    const size = group.reduce((n, c) => n + sizeOf(c) + 1, 0);
    if (size > budget) {
      const where = group[0].source ?? group[0].productId;
      throw new DpError('input', `${where}: the product is ${size} bytes as JSON, over what the catalog server accepts in one request (${bodyLimit} bytes)`, {
        hint: 'ask the operator to raise `dp catalog serve --body-limit`',
      });
    }
    if (current.length > 0 && (used + size > budget || current.length + group.length > MAX_CANDIDATES)) {
      batches.push(current);
      current = [];
      used = 0;
    }
    current.push(...group);
    used += size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}
