/**
 * Data Contract Specification models to ODCS v3.1.0 schema objects: the model
 * name becomes `name`, its type (`table`, `view`, `object`) `physicalType`,
 * its fields `properties`; a compound `primaryKey` list becomes `primaryKey`
 * and `primaryKeyPosition` on the properties it names.
 */
import { isMap, type Node, type Pair, type Scalar, type YAMLMap } from 'yaml';
import { asMap, findPair, get, keyOf, listFrom, newMap, pair, plain, valueNode, type AnyPair } from '../nodes.js';
import { convertRules } from '../quality.js';
import { renamed, rewriteMap, type Handler } from '../rewrite.js';
import type { Path } from '../types.js';
import { bagFor, type DcsContext } from './context.js';
import { convertField } from './fields.js';

/** ODCS schema object keys a model may already carry (as extensions): kept as they are. */
const ODCS_OBJECT_KEYS = ['physicalName', 'dataGranularityDescription', 'authoritativeDefinitions', 'customProperties', 'businessName', 'tags'];

function propertyName(property: YAMLMap): string | undefined {
  const name = plain(get(property, 'name'));
  return typeof name === 'string' ? name : undefined;
}

/** Sets `primaryKey: true` and `primaryKeyPosition` right after the property's name. */
function markKey(property: YAMLMap, position: number): void {
  property.items = property.items.filter((p) => !['primaryKey', 'primaryKeyPosition'].includes(keyOf(p as AnyPair)));
  const at = property.items.findIndex((p) => keyOf(p as AnyPair) === 'name') + 1;
  property.items.splice(at, 0, pair('primaryKey', true), pair('primaryKeyPosition', position));
}

function applyPrimaryKey(properties: YAMLMap[], listPair: AnyPair | undefined, path: Path, bag: ReturnType<typeof bagFor>): void {
  const list = plain(listPair?.value);
  if (Array.isArray(list)) {
    const missing = list.filter((name) => !properties.some((p) => propertyName(p) === name));
    if (missing.length > 0)
      bag.keep('primaryKey', valueNode(listPair!), listPair, [...path, 'primaryKey'], `it names fields the model does not have (${missing.join(', ')})`);
    else
      list.forEach((name, i) =>
        markKey(
          properties.find((p) => propertyName(p) === name)!,
          i + 1,
        ),
      );
    return;
  }
  const keys = properties.filter((p) => plain(get(p, 'primaryKey')) === true);
  if (keys.length > 0 && keys.every((p) => !findPair(p, 'primaryKeyPosition'))) keys.forEach((p, i) => markKey(p, i + 1));
}

function convertModel(name: string, node: Node | null, index: number, ctx: DcsContext): YAMLMap {
  const path: Path = ['models', name];
  const owner: Path = ['schema', index];
  const model = isMap(node) ? node : newMap();
  const bag = bagFor(ctx, owner);
  let properties: YAMLMap[] = [];
  const quality = convertRules(get(model, 'quality'), [...path, 'quality'], ctx, owner);
  const keepAside: Handler = (from, key) => {
    bag.keep(key, valueNode(from), from, [...path, key], key === 'examples' ? 'ODCS v3.1.0 schema objects have no example data' : undefined);
    return [];
  };
  const handlers: Record<string, Handler> = {
    type: (from) => [renamed(from, 'physicalType')],
    title: (from) => [renamed(from, 'businessName')],
    description: (from) => [from as Pair<Scalar, Node>],
    fields: (from) => {
      properties = listFrom(asMap(from.value), (p, i) =>
        convertField(keyOf(p), p.value as Node, [...path, 'fields', keyOf(p)], [...owner, 'properties', i], ctx),
      );
      return [pair('properties', properties, from)];
    },
    primaryKey: () => [],
    quality: (from) => (quality.length > 0 ? [pair('quality', quality, from)] : []),
  };
  for (const key of ODCS_OBJECT_KEYS) handlers[key] = (from) => [from as Pair<Scalar, Node>];
  const out = rewriteMap(model, handlers, keepAside);
  applyPrimaryKey(properties, findPair(model, 'primaryKey'), path, bag);
  out.items.unshift(pair('name', name), pair('logicalType', 'object'));
  bag.flushInto(out);
  ctx.objects.set(name, out);
  ctx.origins.set(out, path);
  return out;
}

export function convertModels(models: Node | null | undefined, ctx: DcsContext): YAMLMap[] {
  return listFrom(asMap(models), (p, i) => convertModel(keyOf(p), p.value as Node | null, i, ctx));
}

/** Adds rules to a schema object's `quality` list (creating it). */
export function addQuality(object: YAMLMap, rules: YAMLMap[]): void {
  const existing = findPair(object, 'quality');
  const list = existing?.value as { items?: unknown[] } | undefined;
  if (list && Array.isArray(list.items)) list.items.push(...rules);
  else {
    const at = object.items.findIndex((p) => keyOf(p as AnyPair) === 'customProperties');
    const entry = pair('quality', rules);
    if (at === -1) object.items.push(entry);
    else object.items.splice(at, 0, entry);
  }
}
