/**
 * The schema check: validates an ODPS descriptor or an ODCS contract against
 * dp's own JSON Schema of the version it declares (precompiled by
 * scripts/build.mjs) and turns ajv's errors into positioned findings, one per
 * real problem.
 */
import { locate } from '../descriptor/positions.js';
import { recognitionOf, type SourceFile } from '../descriptor/source.js';
import type { Finding } from '../core/finding.js';
import { compareFindings } from '../core/finding.js';
import { explain } from './schema/explain.js';
import type { ExplainContext, Issue, SchemaRuleId } from './schema/issue.js';
import { loadSchema } from './schema/navigator.js';
import { schemaNameOf, standardLabel, validatorFor, type SchemaName } from './schema/standards.js';
import type { Path } from './schema/wording.js';

export const SCHEMA_RULES: Array<{ id: SchemaRuleId; description: string }> = [
  { id: 'schema-unknown-key', description: 'Every key is defined by the standard (ODPS v1.0.0, or the ODCS version the contract declares) at that place.' },
  { id: 'schema-missing-key', description: 'Every key the standard requires at that place is present.' },
  { id: 'schema-type', description: 'Every value has the type the standard expects (string, number, list, mapping...).' },
  { id: 'schema-enum', description: 'Values restricted to a list by the standard use one of the allowed values.' },
  { id: 'schema-format', description: 'Dates, date-times and URIs are written in the format the standard expects.' },
  { id: 'schema-invalid', description: 'Values meet the other constraints of the standard (patterns, limits, exactly one operator...).' },
];

/** The text of a scalar as written (so `1.10` stays `1.10`), from its position. */
function sourceOf(file: SourceFile, path: Path): string | undefined {
  const span = locate(file, path, 'value');
  if (span.line !== span.endLine) return undefined;
  const line = file.text.split('\n')[span.line - 1] ?? '';
  return line.slice(span.column - 1, span.endColumn - 1);
}

function toFinding(file: SourceFile, issue: Issue): Finding {
  const span = locate(file, issue.path, issue.target);
  const finding: Finding = { ruleId: issue.ruleId, severity: 'error', file: file.display, ...span, message: issue.message };
  if (issue.hint) finding.hint = issue.hint;
  return finding;
}

function unique(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.ruleId}|${f.line}|${f.column}|${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The schema a loaded file is checked against; undefined for documents dp does not check. */
export function schemaOf(file: SourceFile): SchemaName | undefined {
  const recognition = recognitionOf(file);
  return recognition && schemaNameOf(recognition);
}

/**
 * Schema findings for a loaded file; none when the file did not load into a mapping or is not
 * a document dp checks. By default the schema of the version the file declares; `odcs` or `odps`
 * mean the latest version (what dp writes). The validator must be loaded (standards.ts,
 * loadValidators; the latest ones always are).
 */
export function checkSchema(file: SourceFile, schema: SchemaName | 'odcs' | 'odps' | undefined = schemaOf(file)): Finding[] {
  const data = file.value;
  const name = schema === 'odcs' ? LATEST : schema === 'odps' ? 'odps-v1.0.0' : schema;
  if (!data || !name) return [];
  const validate = validatorFor(name);
  if (validate(data)) return [];
  let issues = explain(validate.errors ?? [], contextOf(file, name));
  if (name !== LATEST && name.startsWith('odcs-')) issues = markNewerSyntax(file, name, issues);
  return unique(issues.map((issue) => toFinding(file, issue))).sort(compareFindings);
}

function contextOf(file: SourceFile, name: SchemaName): ExplainContext {
  return { standard: standardLabel(name), data: file.value, schema: () => loadSchema(name), source: (path) => sourceOf(file, path) };
}

const LATEST: SchemaName = 'odcs-v3.1.0';

const related = (a: Path, b: Path): boolean => a.slice(0, b.length).every((s, i) => s === b[i]) || b.slice(0, a.length).every((s, i) => s === a[i]);

/**
 * A contract that declares an older ODCS version but uses what the latest one allows (a team
 * object, relationships, timestamp types...): each such finding says so, since declaring the
 * latest version is then the likely fix.
 */
function markNewerSyntax(file: SourceFile, name: SchemaName, issues: Issue[]): Issue[] {
  const latest = validatorFor(LATEST);
  const wholly = latest(file.value);
  const refused = wholly ? [] : explain(latest.errors ?? [], contextOf(file, LATEST)).map((i) => i.path);
  const version = LATEST.slice(5);
  return issues.map((issue) => {
    if (refused.some((path) => related(path, issue.path))) return issue;
    const advice = wholly
      ? `the contract is valid ${standardLabel(LATEST)} but declares ${standardLabel(name)}: set \`apiVersion: ${version}\``
      : `${standardLabel(LATEST)} allows this, but the contract declares ${standardLabel(name)}: declare \`apiVersion: ${version}\` (\`dp convert\` upgrades the rest)`;
    return { ...issue, hint: issue.hint ? `${issue.hint}; ${advice}` : advice };
  });
}
