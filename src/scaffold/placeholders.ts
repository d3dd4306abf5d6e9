/**
 * What dp generates as a placeholder, for the team to replace before the product is released:
 * in generated YAML, values that are `TODO` (or start with it) and URLs on the example domains
 * of RFC 2606 (example.com, example.org, example.net, *.example); in other files, lines that
 * raise NotImplementedError or carry the marker `dp:placeholder`. They are recorded in
 * `.dp/generated.yaml`; `dp validate` reports those still there (rule `placeholders`).
 */
import type { PathSegment } from '../descriptor/positions.js';
import type { Placeholder } from '../descriptor/derived/record.js';

export type { Placeholder };

const EXAMPLE_URL = /^[a-z][a-z0-9+.-]*:\/\/(?:[^/@\s]*@)?(?:[a-z0-9-]+\.)*(?:example\.(?:com|org|net)|[a-z0-9-]+\.example)(?::\d+)?(?:[/?#]|$)/i;
const TODO = /^TODO\b/;
const NOT_IMPLEMENTED = /\bNotImplementedError\b/;
const MARKER = /\bdp:placeholder\b/;

function kindOfValue(value: string): Placeholder['what'] | undefined {
  if (TODO.test(value)) return 'todo';
  if (EXAMPLE_URL.test(value)) return 'example-url';
  return undefined;
}

/** Placeholders in the data of a generated YAML file. */
export function placeholdersInData(file: string, data: unknown): Placeholder[] {
  const out: Placeholder[] = [];
  const walk = (value: unknown, path: PathSegment[]): void => {
    if (typeof value === 'string') {
      const what = kindOfValue(value);
      if (what) out.push({ file, path, value, what });
    } else if (Array.isArray(value)) value.forEach((v, i) => walk(v, [...path, i]));
    else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, [...path, k]);
  };
  walk(data, []);
  return out;
}

/** Stub lines of a generated text file. */
export function placeholdersInText(file: string, text: string): Placeholder[] {
  const out: Placeholder[] = [];
  const seen = new Set<string>();
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    const stub = MARKER.test(line) || (NOT_IMPLEMENTED.test(line) && !line.startsWith('#'));
    if (stub && !seen.has(line)) {
      seen.add(line);
      out.push({ file, line, what: 'stub' });
    }
  }
  return out;
}
