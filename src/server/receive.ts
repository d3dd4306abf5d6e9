/**
 * What the server makes of the products a client offers: it trusts nothing but
 * the document texts. Each product is loaded in memory, as if from a product
 * directory, and checked by the same pipeline as `dp validate` (parse, schema,
 * rules, policy, suppressions); the parsed values, the digest and the
 * validation summary are the server's own. Nothing touches the disk.
 */
import { posix } from 'node:path';
import { candidateOf, headline, validationSummary } from '../catalog/record.js';
import { documentsOf } from '../descriptor/documents.js';
import type { Candidate } from '../catalog/store.js';
import { DESCRIPTOR_NAMES } from '../descriptor/discover.js';
import type { Product } from '../descriptor/product.js';
import { sourceFromText } from '../descriptor/source.js';
import { checkProduct, prepareSchemas } from '../validate/engine.js';
import { atLeast, type Finding } from '../core/finding.js';
import type { Policy } from '../validate/policies/policy.js';
import { dpVersion } from '../version.js';
import { ApiError } from './errors.js';

export interface OfferedDocument {
  file: string;
  text: string;
}

export interface Offered {
  source?: string;
  documents: { descriptor: OfferedDocument; contracts: OfferedDocument[] };
}

export interface Received {
  /** Present when the product validated and loaded; absent when validation refused it. */
  candidate?: Candidate;
  productId: string;
  version: string;
  team: string | null;
  source?: string;
  findings: Finding[];
  errors: number;
}

/** One plain path segment: no `..`, no leading dot, no separators, no control characters. */
const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const DESCRIPTOR_FILE = /^[A-Za-z0-9][A-Za-z0-9._-]*\.odps\.ya?ml$/;
const CONTRACT_FILE = /\.odcs\.ya?ml$/;
/** Contracts may sit anywhere in a product's tree (`contracts/` is what `dp init` writes), a few folders deep. */
const MAX_CONTRACT_DEPTH = 8;

function isContractPath(file: string): boolean {
  const segments = file.split('/');
  return CONTRACT_FILE.test(file) && segments.length <= MAX_CONTRACT_DEPTH && segments.every((s) => SEGMENT.test(s) && !s.includes('..'));
}

/** File names the server accepts: the product layout only, never a path that could leave the directory. */
export function checkFileNames(offered: Offered, index: number): void {
  const { descriptor, contracts } = offered.documents;
  if (!DESCRIPTOR_FILE.test(descriptor.file) || descriptor.file.includes('..')) {
    throw new ApiError(
      'malformed',
      `candidate ${index + 1}: the descriptor must be a *.odps.yaml file at the top of the product (${DESCRIPTOR_NAMES[0]} by default), got "${descriptor.file}"`,
    );
  }
  const seen = new Set<string>();
  for (const c of contracts) {
    if (!isContractPath(c.file)) {
      throw new ApiError(
        'malformed',
        `candidate ${index + 1}: contract files must be *.odcs.yaml paths inside the product (contracts/<name>.odcs.yaml by default), got "${c.file}"`,
      );
    }
    if (seen.has(c.file.toLowerCase())) throw new ApiError('malformed', `candidate ${index + 1}: contract file "${c.file}" is sent twice`);
    seen.add(c.file.toLowerCase());
  }
}

/** Where received products seem to live: findings name files relative to it (`contracts/events.odcs.yaml`). */
const VIRTUAL_ROOT = '/dp-received';

/**
 * The product's directory in the publisher's repository (`source`, relative to where it ran), when
 * it is a plain relative path: the policy's overrides then match its files as they do in CI
 * (`domains/finance/**`). Only ever used to match globs: nothing is read or written there.
 */
export function repositoryPath(source: string | undefined): string | undefined {
  if (source === undefined || source.length > 500) return undefined;
  const path = posix.normalize(source.replace(/\\/g, '/'));
  // eslint-disable-next-line no-control-regex
  if (path === '.' || path.startsWith('/') || path.split('/').includes('..') || path.includes(':') || /[\u0000-\u001f]/.test(path)) return undefined;
  return path.replace(/\/$/, '');
}

/** The product as `loadProduct` would give it from a directory holding these files (contracts sorted by name). */
export function productFromTexts(offered: Offered, index: number, policy?: Policy): Product {
  const inRepository = policy ? repositoryPath(offered.source) : undefined;
  const dir = inRepository !== undefined ? policy!.locate(inRepository) : posix.join(VIRTUAL_ROOT, String(index));
  const source = (d: OfferedDocument) => sourceFromText(posix.join(dir, d.file), d.file, d.text);
  const contracts = [...offered.documents.contracts].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return { dir, descriptor: source(offered.documents.descriptor), contracts: contracts.map(source) };
}

async function checkOne(index: number, offered: Offered, policy: Policy): Promise<Received> {
  const product = productFromTexts(offered, index, policy);
  await prepareSchemas([product.descriptor, ...product.contracts]);
  // Suppressions of schema, identifier and versioning rules are never honoured here.
  const { findings, suppressed } = checkProduct(product, policy, { publishing: true });
  const errors = findings.filter((f) => atLeast(f.severity, 'error')).length;
  const value = product.descriptor.value ?? {};
  const base = {
    productId: typeof value.id === 'string' ? value.id : '',
    version: typeof value.version === 'string' ? value.version : '',
    team: headline(value).team,
    source: offered.source,
    findings,
    errors,
  };
  const documents = errors === 0 ? documentsOf(product) : undefined;
  if (!documents) return { ...base, errors: Math.max(errors, 1) };
  const counts = { errors: 0, warnings: 0, infos: 0, suppressed };
  for (const f of findings) {
    if (f.severity === 'warning') counts.warnings += 1;
    else if (f.severity === 'info') counts.infos += 1;
  }
  return { ...base, candidate: candidateOf(documents, validationSummary(counts, findings, dpVersion()), offered.source) };
}

/** Products checked between two turns of the event loop, so reads keep being answered during a large publish. */
const YIELD_EVERY = 4;

/** Checks every offered product. */
export async function receiveCandidates(offered: Offered[], policy: Policy): Promise<Received[]> {
  offered.forEach(checkFileNames);
  const out: Received[] = [];
  for (let i = 0; i < offered.length; i += 1) {
    out.push(await checkOne(i, offered[i], policy));
    if (i % YIELD_EVERY === YIELD_EVERY - 1) await new Promise((resolve) => setImmediate(resolve));
  }
  return out;
}
