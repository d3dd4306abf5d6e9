/** Known keys of a policy file at a place, for "did you mean": rule ids under `rules`, the sections at the top. */
import { RULE_DOCS } from '../rules/docs.js';

export function suggestPolicyKeys(path: string[]): Iterable<string> | undefined {
  const last = path[path.length - 1];
  if (last === 'rules') return RULE_DOCS.map((r) => r.id);
  if (path.length === 0) return ['extends', 'rules', 'customRules', 'plugins', 'suppressions', 'overrides', 'control'];
  if (path.length === 1 && last === 'control') return ['access', 'erasure'];
  if (path.length === 2 && path[0] === 'control') return last === 'access' ? ['maxGrantsPerPort', 'restrictedClassifications'] : ['deadlineDays'];
  if (path.length === 2 && path[0] === 'customRules') return ['id', 'description', 'select', 'schema', 'message', 'hint', 'severity'];
  if (path.length === 2 && path[0] === 'overrides') return ['files', 'rules', 'suppressions'];
  if (last === 'suppressions') return ['allow', 'deny', 'fileWide'];
  if (path.length >= 2 && path[path.length - 2] === 'rules') {
    const defaults = RULE_DOCS.find((r) => r.id === last)?.defaults;
    return ['severity', ...Object.keys(defaults ?? {})];
  }
  return undefined;
}
