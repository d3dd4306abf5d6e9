/**
 * From a loaded product to what the catalog stores: the documents as published,
 * the ports, the headline fields and the search text of a version.
 */
import { contractFields, schemaObjects } from '../descriptor/contract-fields.js';
import { isRecord, records, str, type InputPort, type OutputPort } from '../descriptor/model.js';
import type { Finding, Summary } from '../core/finding.js';
import { searchWords } from './words.js';
import type { Candidate, Change, NewVersion, PortRow, ProductDocuments, ValidationSummary } from './store.js';

export const MAX_STORED_FINDINGS = 50;

export function validationSummary(
  summary: Pick<Summary, 'errors' | 'warnings' | 'infos' | 'suppressed'>,
  findings: Finding[],
  dpVersion: string,
): ValidationSummary {
  return {
    dpVersion,
    errors: summary.errors,
    warnings: summary.warnings,
    infos: summary.infos,
    suppressed: summary.suppressed,
    findings: findings.slice(0, MAX_STORED_FINDINGS).map((f) => ({ ruleId: f.ruleId, severity: f.severity, file: f.file, line: f.line, message: f.message })),
  };
}

export function candidateOf(documents: ProductDocuments, validation: ValidationSummary, source?: string): Candidate {
  const value = documents.descriptor.value;
  return { productId: str(value.id) ?? '', version: str(value.version) ?? '', documents, validation, source };
}

export function portsOf(descriptor: Record<string, unknown>): PortRow[] {
  const row = (direction: PortRow['direction'], p: InputPort | OutputPort): PortRow => ({
    direction,
    name: str(p.name) ?? '',
    version: str(p.version) ?? '',
    contractId: str(p.contractId) ?? null,
    type: str((p as OutputPort).type) ?? null,
  });
  return [
    ...records<InputPort>(descriptor.inputPorts).map(([p]) => row('input', p)),
    ...records<OutputPort>(descriptor.outputPorts).map(([p]) => row('output', p)),
  ];
}

function descriptionWords(value: Record<string, unknown>): unknown[] {
  const d = isRecord(value.description) ? value.description : {};
  return [d.purpose, d.usage, d.limitations];
}

/** A word rule: src/catalog/words.ts, or (in tests) the one an earlier dp used. */
type WordRule = (text: string) => string[];

/**
 * Folded words of names, descriptions, tags, ports and field names, for `dp catalog search`.
 * The words of src/catalog/words.ts (`user_email` gives `user email`), as queries are split.
 */
export function searchTextOf(documents: ProductDocuments, rule: WordRule = searchWords): string {
  const v = documents.descriptor.value;
  const parts: unknown[] = [v.id, v.name, v.domain, isRecord(v.team) ? v.team.name : undefined, ...descriptionWords(v)];
  if (Array.isArray(v.tags)) parts.push(...v.tags);
  for (const port of portsOf(v)) parts.push(port.name, port.contractId);
  for (const { value: c } of documents.contracts) {
    parts.push(c.id, c.name, ...descriptionWords(c));
    if (Array.isArray(c.tags)) parts.push(...c.tags);
    for (const { object } of schemaObjects(c)) parts.push(object.name, object.businessName);
    for (const f of contractFields(c)) parts.push(f.field.name);
  }
  return wordsOf(parts, rule);
}

function wordsOf(parts: unknown[], rule: WordRule): string {
  const text = parts.filter((p): p is string | number => typeof p === 'string' || typeof p === 'number').join(' ');
  return rule(text).join(' ');
}

export function searchTitleOf(documents: ProductDocuments, rule: WordRule = searchWords): string {
  return wordsOf([documents.descriptor.value.id, documents.descriptor.value.name], rule);
}

export function headline(descriptor: Record<string, unknown>): Pick<NewVersion, 'name' | 'domain' | 'team' | 'status' | 'purpose' | 'tags'> {
  const description = isRecord(descriptor.description) ? descriptor.description : {};
  return {
    name: str(descriptor.name) ?? null,
    domain: str(descriptor.domain) ?? null,
    team: isRecord(descriptor.team) ? (str(descriptor.team.name) ?? null) : null,
    status: str(descriptor.status) ?? null,
    purpose: str(description.purpose) ?? null,
    tags: Array.isArray(descriptor.tags) ? descriptor.tags.filter((t): t is string => typeof t === 'string') : [],
  };
}

export interface VersionFacts {
  digest: string;
  publisher: string;
  publishedAt: string;
  previousVersion: string | null;
  changes: Change[];
}

export function newVersion(candidate: Candidate, facts: VersionFacts): NewVersion {
  const descriptor = candidate.documents.descriptor.value;
  return {
    productId: candidate.productId,
    version: candidate.version,
    ...facts,
    documents: candidate.documents,
    validation: candidate.validation,
    ports: portsOf(descriptor),
    ...headline(descriptor),
    searchText: searchTextOf(candidate.documents),
    searchTitle: searchTitleOf(candidate.documents),
    expectedLatest: facts.previousVersion,
  };
}
