/** Hints for unknown keys: a close match first, else what is allowed at that place. */
import type { Applied } from './navigator.js';
import { describe } from './navigator.js';
import { listOf, type Path } from './wording.js';
import { didYouMean } from '../../util/suggest.js';
import { ODCS_OPERATORS } from '../../core/odcs-operators.js';

const OPERATORS: ReadonlySet<string> = new Set(ODCS_OPERATORS);

export function unknownKeyHint(standard: string, path: Path, key: string, allowed: string[], applied: Applied[]): string | undefined {
  // A threshold with nothing to compare: the rule lacks what would make it a library or an SQL rule.
  if (OPERATORS.has(key) && path.includes('quality')) {
    return `\`${key}\` compares what a rule measures, and this rule measures nothing: add \`metric:\` (a library metric such as nullValues or rowCount) or \`type: sql\` with \`query:\``;
  }
  const suggestion = didYouMean(key, allowed);
  if (suggestion) return suggestion;
  if (path.length === 0) {
    return `\`${key}\` is not part of ${standard}; keep your own metadata under \`customProperties\` (a list of property/value pairs)`;
  }
  if (allowed.length === 0) return describe(applied);
  const via = applied.find((a) => a.via)?.via;
  const scope = via ? ` (for \`${via.tag}: ${via.value}\`)` : '';
  return `allowed here${scope}: ${listOf(allowed)}`;
}
