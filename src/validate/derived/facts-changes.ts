/**
 * What changed in the facts of a product since its derived files were rendered, in words
 * ("port `events`: retentionDays 365 -> 30"): the facts then are in the base store
 * (`.dp/base.yaml`), read only when a derived file is out of date.
 */
import { baseFacts } from '../../descriptor/derived/base.js';
import type { ProductFacts } from '../../descriptor/derived/facts.js';
import { BASE_STORE } from '../../descriptor/derived/record.js';
import type { PathSegment } from '../../descriptor/positions.js';
import { differences } from './drift.js';
import type { ProductFiles } from './product-files.js';

/** What names a list item in words: a port, an SLA property, a field, a role, a quality check. */
const NAMES: Record<string, (item: Record<string, unknown>) => string> = {
  outputs: (i) => `port \`${String(i.name)}\``,
  inputs: (i) => `input port \`${String(i.name)}\``,
  sla: (i) => String(i.property),
  fields: (i) => `field \`${String(i.name)}\``,
  roles: (i) => `role \`${String(i.role)}\``,
  quality: (i) => `check \`${String(i.id)}\``,
};

function readable(path: PathSegment[], facts: ProductFacts): string {
  const parts: string[] = [];
  let node: unknown = facts;
  for (let i = 0; i < path.length; i += 1) {
    const s = path[i];
    const parent = path[i - 1];
    node = (node as Record<string | number, unknown> | undefined)?.[s];
    if (typeof s === 'number' && typeof parent === 'string' && NAMES[parent] && node && typeof node === 'object')
      parts.push(NAMES[parent](node as Record<string, unknown>));
    else if (typeof s === 'number') parts.push(`#${s + 1}`);
    else if (!NAMES[s]) parts.push(s);
  }
  return parts.join(' ');
}

function brief(value: unknown): string {
  if (value === undefined) return 'none';
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const named =
      (value as Record<string, unknown>).name ??
      (value as Record<string, unknown>).role ??
      (value as Record<string, unknown>).property ??
      (value as Record<string, unknown>).id;
    if (typeof named === 'string') return `\`${named}\``;
  }
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

export function factsChanges(files: ProductFiles, now: ProductFacts): string[] {
  let then: ProductFacts | undefined;
  try {
    then = baseFacts(files.yaml(BASE_STORE)?.value);
  } catch {
    return [];
  }
  if (!then) return [];
  return differences(then, now).map((d) => {
    const what = readable(d.path, then!) || 'the product';
    if (d.actual === undefined) return `${what}: added ${brief(d.expected)}`;
    if (d.expected === undefined) return `${what} removed`;
    return `${what} ${brief(d.actual)} -> ${brief(d.expected)}`;
  });
}
