/**
 * Which inline suppressions an organisation accepts. A suppression is the publisher's own
 * decision, written in the document it publishes; the policy is the organisation's. So the
 * policy says which rules may be suppressed (`allow`, `deny`) and where (`overrides` per glob,
 * `fileWide` for `dp-disable-file`), and some rules are never suppressed in what is published,
 * whatever the policy says: the schema, identifiers, and what versioning reads.
 */
import { RULE_DOCS } from '../rules/docs.js';

export interface SuppressionSettings {
  /** Rule ids that may be suppressed (`*`: every rule that can be). */
  allow?: string[];
  /** Rule ids that may never be suppressed; wins over `allow`. */
  deny?: string[];
  /** Whether `dp-disable-file` is accepted. */
  fileWide?: boolean;
}

/** What the policy accepts for one file. */
export interface SuppressionRules {
  allows(ruleId: string): boolean;
  fileWide: boolean;
}

/**
 * Never suppressed when publishing (dp publish, the catalog server), and not suppressible by
 * default anywhere: what the document is (schema, duplicate keys), what names it (ids, port
 * names, versions) and what the versioning rules compare (ports and their contracts, quality
 * rules that hold allowed values, SLA properties).
 */
export const PROTECTED_RULES: ReadonlySet<string> = new Set([
  ...RULE_DOCS.filter((r) => r.category === 'schema').map((r) => r.id),
  'duplicate-keys',
  'semver',
  'safe-identifiers',
  'unique-ports',
  'output-port-contract',
  'port-contract-version',
  'quality-rules',
  'sla-properties',
]);

/** Syntax and suppression findings are never suppressible. */
export const SUPPRESSIBLE: readonly string[] = RULE_DOCS.filter((r) => r.category !== 'syntax' && r.category !== 'suppression').map((r) => r.id);

const DEFAULT_ALLOWED = SUPPRESSIBLE.filter((id) => !PROTECTED_RULES.has(id));

/**
 * The accepted suppressions after the policy's own settings, then each matching override's in
 * order. The organisation's own rules (`custom`) are suppressible like dp's, unless denied.
 */
export function resolveSuppressions(
  base: SuppressionSettings | undefined,
  overrides: ReadonlyArray<SuppressionSettings | undefined>,
  custom: readonly string[] = [],
): SuppressionRules {
  const suppressible = [...SUPPRESSIBLE, ...custom];
  const expand = (ids: readonly string[]): string[] => (ids.includes('*') ? suppressible : [...ids]);
  const allowed = new Set(base?.allow ? expand(base.allow) : [...DEFAULT_ALLOWED, ...custom]);
  for (const id of expand(base?.deny ?? [])) allowed.delete(id);
  let fileWide = base?.fileWide ?? true;
  for (const o of overrides) {
    if (!o) continue;
    for (const id of expand(o.allow ?? [])) allowed.add(id);
    for (const id of expand(o.deny ?? [])) allowed.delete(id);
    fileWide = o.fileWide ?? fileWide;
  }
  for (const id of allowed) if (!suppressible.includes(id)) allowed.delete(id);
  return { allows: (id) => allowed.has(id), fileWide };
}
