/**
 * Documentation of every rule id dp can report: load-time checks, schema
 * checks, the rules beyond the schema, and suppression checks. Used by
 * `dp rules`, the policy loader, suppressions and the SARIF reporter.
 */
import type { RuleDoc } from '../rule.js';
import { SCHEMA_RULES } from '../schema-check.js';
import { RULE_LIST } from './index.js';

const SYNTAX_RULES: RuleDoc[] = [
  { id: 'file-unreadable', description: 'The file can be read.' },
  { id: 'file-not-regular', description: 'The file is a regular file, not a FIFO, socket or device (dp does not open those).' },
  { id: 'link-outside-repository', description: 'The file does not lead outside the repository through a symbolic link (unless --follow-external-links).' },
  { id: 'file-too-large', description: 'The file is at most 5 MB.' },
  { id: 'binary-file', description: 'The file is text, not binary data.' },
  { id: 'invalid-encoding', description: 'The file is valid UTF-8.' },
  { id: 'empty-file', description: 'The file is not empty.' },
  { id: 'yaml-syntax', description: 'The file is well-formed YAML (spaces for indentation, closed quotes and brackets...).' },
  { id: 'yaml-aliases', description: 'The file does not expand aliases excessively (alias bombs are refused).' },
  { id: 'root-not-mapping', description: 'The document root is a mapping of keys.' },
  { id: 'too-deep', description: 'The document nests at most 64 levels deep.' },
  {
    id: 'unsupported-document',
    description:
      'The document is an ODCS v3 contract or an ODPS v1 descriptor, by its `kind` and `apiVersion`; anything else (Data Contract Specification, DPDS, ODCS v2, no `kind`) gets one finding that says what it is and what to do.',
  },
].map((r) => ({ ...r, category: 'syntax' as const, basis: 'standard' as const, severity: 'error' as const }));

const SUPPRESSION_RULES: RuleDoc[] = [
  { id: 'suppression-missing-reason', description: 'An inline suppression gives its reason after `--`.', severity: 'error' as const },
  { id: 'suppression-invalid', description: 'An inline suppression names existing rules that can be suppressed.', severity: 'error' as const },
  {
    id: 'suppression-not-allowed',
    description:
      'An inline suppression is one the organisation policy accepts (`suppressions:`); schema, identifier and versioning rules are never suppressed when publishing.',
    severity: 'error' as const,
  },
  { id: 'suppression-unused', description: 'An inline suppression still suppresses something.', severity: 'warning' as const },
].map((r) => ({ ...r, category: 'suppression' as const, basis: 'dp' as const }));

function docOf(rule: RuleDoc): RuleDoc {
  const { id, description, help, category, basis, certain, severity, defaults } = rule;
  return { id, description, help, category, basis, certain, severity, defaults };
}

export const RULE_DOCS: readonly RuleDoc[] = [
  ...SYNTAX_RULES,
  ...SCHEMA_RULES.map((r: { id: string; description: string }) => ({
    ...r,
    category: 'schema' as const,
    basis: 'standard' as const,
    severity: 'error' as const,
  })),
  ...RULE_LIST.map(docOf),
  ...SUPPRESSION_RULES,
];

export const RULE_DOC_BY_ID: ReadonlyMap<string, RuleDoc> = new Map(RULE_DOCS.map((r) => [r.id, r]));
