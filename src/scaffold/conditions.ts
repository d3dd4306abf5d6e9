/** `when` conditions of pack files: dotted paths of the render scope compared with allowed values. */
import type { Condition } from './types.js';

function valueAt(scope: Record<string, unknown>, dotted: string): unknown {
  let current: unknown = scope;
  for (const key of dotted.split('.')) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** A list (for example `product.inputs`) counts as `true` when it is not empty. */
function matches(actual: unknown, expected: Condition[string]): boolean {
  const allowed = Array.isArray(expected) ? expected : [expected];
  if (Array.isArray(actual)) return allowed.includes(actual.length > 0);
  return allowed.some((v) => v === actual);
}

export function holds(condition: Condition, scope: Record<string, unknown>): boolean {
  return Object.entries(condition).every(([path, expected]) => matches(valueAt(scope, path), expected));
}
