/**
 * How items of a list are matched between the base, the team's version and the new one: lists
 * of mappings by a key that names each item (`name`, `property`, `role`, `server`...), lists of
 * scalars by value. A list with no such identity is merged as one value.
 */
export type Identity = (item: unknown) => string;

const KEYS = ['name', 'property', 'role', 'server', 'id', 'channel', 'username', 'metric', 'port', 'path', 'url', 'indicator'];

const isMapping = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const isScalar = (v: unknown): boolean => v === null || ['string', 'number', 'boolean'].includes(typeof v);

function unique(lists: unknown[][], id: Identity): boolean {
  return lists.every((list) => new Set(list.map(id)).size === list.length);
}

export function identityOf(lists: unknown[][]): Identity | undefined {
  const items = lists.flat();
  if (items.length === 0) return undefined;
  if (items.every(isScalar)) {
    const id: Identity = (v) => JSON.stringify(v);
    return unique(lists, id) ? id : undefined;
  }
  if (!items.every(isMapping)) return undefined;
  const has = (key: string) => items.every((i) => isScalar((i as Record<string, unknown>)[key]) && (i as Record<string, unknown>)[key] !== undefined);
  const present = KEYS.filter(has);
  for (const key of present) {
    const byKey: Identity = (i) => JSON.stringify((i as Record<string, unknown>)[key]);
    if (unique(lists, byKey)) return byKey;
    // ODPS ports: the same name with several versions.
    if (key === 'name' && items.every((i) => typeof (i as Record<string, unknown>).version === 'string')) {
      const withVersion: Identity = (i) => `${byKey(i)}@${String((i as Record<string, unknown>).version)}`;
      if (unique(lists, withVersion)) return withVersion;
    }
  }
  // Two keys together (an SLO is one port's indicator).
  for (const [i, a] of present.entries()) {
    for (const b of present.slice(i + 1)) {
      const pair: Identity = (item) => JSON.stringify([(item as Record<string, unknown>)[a], (item as Record<string, unknown>)[b]]);
      if (unique(lists, pair)) return pair;
    }
  }
  return undefined;
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === (b as unknown[]).length && a.every((x, i) => deepEqual(x, (b as unknown[])[i]));
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  return (
    ka.length === kb.length && ka.every((k) => Object.hasOwn(b as object, k) && deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
  );
}
