/**
 * What a dp catalog server and its clients agree on: the service description
 * of `GET /api`, the bounds of a publish request, and the form a candidate
 * travels in. The server (src/server/) answers with these; the HTTP catalog
 * backend (this folder) sends and reads them.
 */
import type { Candidate } from '../store.js';

export const API_VERSION = 1;

/** Products one publish request may carry, and contracts per product. */
export const MAX_CANDIDATES = 500;
export const MAX_CONTRACTS = 100;

/** `GET /api`. */
export interface ServiceInfo {
  service: 'dp-catalog';
  api: number;
  dpVersion: string;
  authReads: boolean;
  bodyLimit: number;
}

export interface WireCandidate {
  source?: string;
  documents: { descriptor: { file: string; text: string }; contracts: Array<{ file: string; text: string }> };
}

/** Only the texts travel: the server parses, validates and digests them itself. */
export function wireCandidate(c: Candidate): WireCandidate {
  const doc = (d: { file: string; text: string }) => ({ file: d.file, text: d.text });
  return { source: c.source, documents: { descriptor: doc(c.documents.descriptor), contracts: c.documents.contracts.map(doc) } };
}
