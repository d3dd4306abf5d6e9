/**
 * The common case without Handlebars: text whose only expressions are
 * `{{path.to.value}}` or `{{helper path}}` (file paths, defaults, many lines of
 * prose). It renders exactly as Handlebars would in strict mode without
 * escaping, with the same refusal of prototype properties, at a fraction of
 * the cost of parsing and compiling a Handlebars template. Anything else
 * (blocks, literals, whitespace control...) returns undefined: use Handlebars.
 */
import { DpError } from '../errors.js';

export const FORBIDDEN = new Set([
  'constructor',
  '__proto__',
  'prototype',
  '__defineGetter__',
  '__defineSetter__',
  '__lookupGetter__',
  '__lookupSetter__',
  'hasOwnProperty',
  'isPrototypeOf',
  'propertyIsEnumerable',
  'toString',
  'toLocaleString',
  'valueOf',
]);

type Scope = Record<string, unknown>;
type Helper = (...args: unknown[]) => unknown;
type Part = string | { helper?: string; path: string[] };

const EXPRESSION = /\{\{\s*(?:([A-Za-z][A-Za-z0-9]*)\s+)?([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)\s*\}\}/g;

function parts(source: string, helpers: Record<string, Helper>): Part[] | undefined {
  // Triple mustaches and escaped mustaches mean something else to Handlebars.
  if (source.includes('{{{') || source.includes('}}}') || source.includes('\\{{')) return undefined;
  const out: Part[] = [];
  let last = 0;
  for (const m of source.matchAll(EXPRESSION)) {
    const [whole, helper, dotted] = m;
    if (helper !== undefined && !Object.hasOwn(helpers, helper)) return undefined;
    if (dotted === 'this' || dotted.startsWith('this.')) return undefined;
    out.push(source.slice(last, m.index), { helper, path: dotted.split('.') });
    last = m.index! + whole.length;
  }
  out.push(source.slice(last));
  // Any mustache left in the literal text is something this fast path does not handle.
  return out.some((p) => typeof p === 'string' && (p.includes('{{') || p.includes('}}'))) ? undefined : out;
}

function lookup(scope: Scope, path: string[], display: string): unknown {
  let current: unknown = scope;
  for (const segment of path) {
    if (FORBIDDEN.has(segment)) throw new DpError('config', 'template refused: a path names a prototype property', { location: { file: display } });
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, segment)) {
      throw new DpError('config', `invalid template: "${segment}" not defined in ${path.join('.')}`, { location: { file: display } });
    }
    current = (current as Scope)[segment];
  }
  return current;
}

function text(value: unknown): string {
  return value === undefined || value === null ? '' : String(value);
}

export function interpolation(source: string, helpers: Record<string, Helper>, display: string): ((scope: Scope) => string) | undefined {
  const list = parts(source, helpers);
  if (!list) return undefined;
  for (const p of list) if (typeof p !== 'string' && p.path.some((s) => FORBIDDEN.has(s))) lookup({}, p.path, display);
  return (scope) =>
    list
      .map((p) => {
        if (typeof p === 'string') return p;
        const value = lookup(scope, p.path, display);
        return text(p.helper ? helpers[p.helper](value) : value);
      })
      .join('');
}
