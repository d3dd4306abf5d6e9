/**
 * Subject keys: the properties of a contract that identify a data subject (a
 * person whose data an erasure request concerns), and of what kind. ODCS has
 * no key for this; dp reads it from the two places the standard leaves open on
 * every property:
 *
 *     customProperties:
 *       - property: dataSubject
 *         value: customer                 # the kind of subject
 *     authoritativeDefinitions:
 *       - type: dataSubject
 *         url: https://privacy.example.com/subjects/customer   # kind: the last segment of the URL
 *
 * A kind names one identifier space: every property marked `customer` holds
 * the same identifier of a customer, so one erasure request finds them all.
 * Only properties at the top level of an object are subject keys (dp erases
 * the rows whose column holds the identifier).
 */
import type { PathSegment } from './positions.js';
import { contractFields } from './contract-fields.js';
import { isRecord, str } from './model.js';

export const SUBJECT_MARKER = 'dataSubject';
export const SUBJECT_KIND = /^[a-z][a-z0-9-]{0,62}$/;

export interface SubjectKey {
  kind: string;
  /** The schema object (table, topic...) and its physical name (what the engine calls it). */
  object: string;
  physicalObject: string;
  /** The property and its column. */
  property: string;
  column: string;
  /** The property's `classification`, and where the property and the declaration are in the contract. */
  classification: string | null;
  fieldPath: PathSegment[];
  path: PathSegment[];
}

export interface SubjectKeyProblem {
  path: PathSegment[];
  message: string;
  hint: string;
}

/** The kind an authoritative definition's URL names: its last segment after `/`, `:` or `#`. */
export function kindOfUrl(url: string): string {
  return url
    .replace(/[/#:]+$/, '')
    .split(/[/#:]/)
    .pop()!
    .toLowerCase();
}

interface Declaration {
  kind: unknown;
  path: PathSegment[];
}

function declarations(field: Record<string, unknown>, path: PathSegment[]): Declaration[] {
  const found: Declaration[] = [];
  const list = (key: string) => (Array.isArray(field[key]) ? (field[key] as unknown[]) : []);
  list('customProperties').forEach((entry, i) => {
    if (isRecord(entry) && entry.property === SUBJECT_MARKER) found.push({ kind: entry.value, path: [...path, 'customProperties', i, 'value'] });
  });
  list('authoritativeDefinitions').forEach((entry, i) => {
    if (isRecord(entry) && entry.type === SUBJECT_MARKER)
      found.push({ kind: typeof entry.url === 'string' ? kindOfUrl(entry.url) : entry.url, path: [...path, 'authoritativeDefinitions', i, 'url'] });
  });
  return found;
}

/** The kind of data subject a property declares it identifies (the first well-formed declaration), or undefined. */
export function subjectKindOf(field: Record<string, unknown>): string | undefined {
  const kind = declarations(field, [])
    .map((d) => d.kind)
    .find((k) => typeof k === 'string' && SUBJECT_KIND.test(k));
  return kind as string | undefined;
}

/** Every subject key of a contract, and what is wrong with declarations that are not ones. */
export function subjectKeys(contract: Record<string, unknown> | undefined): { keys: SubjectKey[]; problems: SubjectKeyProblem[] } {
  const keys: SubjectKey[] = [];
  const problems: SubjectKeyProblem[] = [];
  for (const { field, path, object, qualifiedName, topLevel } of contractFields(contract)) {
    for (const d of declarations(field as unknown as Record<string, unknown>, path)) {
      const kind = typeof d.kind === 'string' ? d.kind : undefined;
      if (kind === undefined || !SUBJECT_KIND.test(kind)) {
        problems.push({
          path: d.path,
          message: `field \`${qualifiedName}\` declares a data subject of kind ${JSON.stringify(d.kind ?? null)}, which is not a kind`,
          hint: 'name the kind of subject as a lower-case word (customer, employee, listener...)',
        });
      } else if (!topLevel) {
        problems.push({
          path: d.path,
          message: `field \`${qualifiedName}\` is nested: a subject key must be a property at the top level of its object`,
          hint: 'declare the subject key on a column of the table (erasure deletes the rows whose column holds the identifier)',
        });
      } else {
        const name = str(field.name) ?? '';
        keys.push({
          kind,
          object: str(object.name) ?? '',
          physicalObject: str(object.physicalName) ?? str(object.name) ?? '',
          property: name,
          column: str((field as { physicalName?: unknown }).physicalName) ?? name,
          classification: str(field.classification) ?? null,
          fieldPath: path,
          path: d.path,
        });
      }
    }
  }
  return { keys, problems };
}
