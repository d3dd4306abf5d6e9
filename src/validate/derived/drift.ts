/**
 * What a derived YAML file says that its descriptor and contracts no longer do: the data of the
 * file against the data dp derives now, compared mapping by mapping and list by list (items
 * matched by identity, as merges match them), each difference with its path in the file and in
 * words ("says retention 365 d for port `events`, the contract 30 d").
 */
import type { PathSegment } from '../../descriptor/positions.js';
import { deepEqual, identityOf } from '../../descriptor/derived/identity.js';

export interface Difference {
  /** Where in the file (the nearest existing node when the file lacks the value). */
  path: PathSegment[];
  /** What the file says (undefined: it says nothing there). */
  actual: unknown;
  /** What the documents give (undefined: nothing; the file has something extra). */
  expected: unknown;
  /** The port the difference is about, when the file is organised by port. */
  port?: string;
  /** The SLA property of an SLO. */
  indicator?: string;
  /** A key of the mapping at `path` that one side lacks. */
  key?: string;
}

const isMapping = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function portOf(item: unknown): string | undefined {
  return isMapping(item) && typeof item.port === 'string' ? item.port : undefined;
}

interface Context {
  port?: string;
  indicator?: string;
}

function contextOf(item: unknown, outer: Context): Context {
  const port = portOf(item) ?? outer.port;
  const indicator = isMapping(item) && typeof item.indicator === 'string' ? item.indicator : outer.indicator;
  return { ...(port ? { port } : {}), ...(indicator ? { indicator } : {}) };
}

export function differences(actual: unknown, expected: unknown, path: PathSegment[] = [], at: Context = {}, out: Difference[] = []): Difference[] {
  if (deepEqual(actual, expected)) return out;
  if (isMapping(actual) && isMapping(expected)) {
    for (const key of new Set([...Object.keys(expected), ...Object.keys(actual)])) {
      // The header line of quality-checks.yaml, and an SLO's meaning in words (its value says it).
      if ((key === 'source' && path.length === 0) || key === 'meaning') continue;
      if (!Object.hasOwn(actual, key)) out.push({ path, key, actual: undefined, expected: expected[key], ...at });
      else differences(actual[key], expected[key], [...path, key], at, out);
    }
    return out;
  }
  if (Array.isArray(actual) && Array.isArray(expected)) {
    const id = identityOf([actual, expected]);
    if (id) {
      const inActual = new Map(actual.map((v, i) => [id(v), i]));
      const inExpected = new Map(expected.map((v) => [id(v), v]));
      for (const value of expected) {
        const i = inActual.get(id(value));
        if (i === undefined) out.push({ path, actual: undefined, expected: value, ...contextOf(value, at) });
        else differences(actual[i], value, [...path, i], contextOf(value, at), out);
      }
      actual.forEach((value, i) => {
        if (!inExpected.has(id(value))) out.push({ path: [...path, i], actual: value, expected: undefined, ...contextOf(value, at) });
      });
      return out;
    }
  }
  out.push({ path, actual, expected, ...at });
  return out;
}

function brief(value: unknown): string {
  if (isMapping(value) && typeof value.role === 'string') return `role \`${value.role}\``;
  if (isMapping(value) && typeof value.indicator === 'string') return `the ${value.indicator} objective`;
  // A check names itself by its id; its port is said beside it.
  if (isMapping(value) && typeof value.id === 'string') return `\`${value.id}\``;
  if (isMapping(value) && typeof value.port === 'string') return `port \`${value.port}\``;
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function pathText(path: PathSegment[]): string {
  return path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}

/** The difference in words, after "`<file>` " (the caller names the file). */
export function describe(d: Difference): string {
  const on = d.port ? ` for port \`${d.port}\`` : '';
  const last = d.path[d.path.length - 1];
  if (d.path[0] === 'retention' && last === 'days')
    return `says retention ${brief(d.actual)} d${on}, the contract ${d.expected === null || d.expected === undefined ? 'none' : `${brief(d.expected)} d`}`;
  if (d.path[0] === 'slos' && d.indicator && d.path.includes('objective'))
    return `says the ${d.indicator} objective${on} is ${brief(d.actual)}, the contract ${brief(d.expected)}`;
  const field = d.key ?? (typeof last === 'string' && last !== 'fields' ? last : undefined);
  if (d.path[0] === 'classification' && d.path.includes('fields') && field) {
    return d.actual === undefined
      ? `does not list field \`${field}\`${on}`
      : d.expected === undefined
        ? `lists field \`${field}\`${on}, which the contract does not have`
        : `says field \`${field}\`${on} is ${brief(d.actual)}, the contract ${brief(d.expected)}`;
  }
  if (d.actual === undefined && d.key) return `has no \`${pathText([...d.path, d.key])}\`${on} (the descriptor and contracts give ${brief(d.expected)})`;
  if (d.actual === undefined) return `does not list ${brief(d.expected)}${on}${d.path.length > 0 ? ` under \`${pathText(d.path)}\`` : ''}`;
  if (d.expected === undefined) return `lists ${brief(d.actual)}${on}, which the descriptor and contracts do not give`;
  return `says \`${pathText(d.path)}\` is ${brief(d.actual)}${on}, the descriptor and contracts ${brief(d.expected)}`;
}
