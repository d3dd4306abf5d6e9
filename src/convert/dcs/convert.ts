/**
 * Data Contract Specification (0.9.x to 1.2.1) to ODCS v3.1.0, top level: the
 * output follows the source's order (`dataContractSpecification` becomes
 * `apiVersion` and `kind` at its place, `info` the fundamentals at its place,
 * `models` the schema...). Sections are converted first (servers, models,
 * service levels), then laid out; definitions are resolved into the fields
 * that refer to them.
 */
import type { Node, Pair, Scalar, YAMLMap } from 'yaml';
import { CustomBag, Notes } from '../notes.js';
import { asMap, findPair, get, keyOf, newMap, pair, text, valueNode } from '../nodes.js';
import { keepPair, rewriteMap, type Emit, type Handler } from '../rewrite.js';
import type { YamlSource } from '../source.js';
import type { Path, Unmapped } from '../types.js';
import type { DcsContext } from './context.js';
import { links } from './fields.js';
import { convertInfo, convertTerms, descriptionOnce, type Shared } from './info.js';
import { distributeLegacyQuality } from './legacy-quality.js';
import { convertModels } from './models.js';
import { Definitions } from './refs.js';
import { convertServers, serverTypesOf } from './servers.js';
import { convertServiceLevels } from './servicelevels.js';

export interface Converted {
  contents: YAMLMap;
  notes: Notes;
  label: string;
  origins: WeakMap<object, Path>;
}

function listOrNothing(key: string, items: YAMLMap[], from: Parameters<Handler>[0]): Emit {
  return items.length > 0 ? [pair(key, items, from)] : [];
}

/** `version` and `status` are required by ODCS; the Data Contract Specification may lack them. */
function requireFundamentals(out: YAMLMap, source: YAMLMap, notes: Notes): void {
  for (const [key, value, after] of [
    ['version', '0.0.0', ['name', 'id', 'kind']],
    ['status', 'draft', ['version', 'name', 'id', 'kind']],
  ] as const) {
    if (get(out, key)) continue;
    const anchor = after.map((k) => out.items.findIndex((p) => keyOf(p as never) === k)).find((i) => i !== -1) ?? -1;
    out.items.splice(anchor + 1, 0, pair(key, value));
    notes.add(
      'defaulted',
      findPair(source, 'info') ?? source,
      ['info', key],
      `ODCS requires \`${key}\`; the source has none, so \`${key}: ${value}\` was written: set the real one`,
    );
  }
}

export function convertDcs(source: YamlSource, unmapped: Unmapped): Converted {
  const root = asMap(source.doc.contents) ?? newMap();
  const version = text(get(root, 'dataContractSpecification'));
  const label = `Data Contract Specification${version ? ` ${version}` : ''}`;
  const notes = Notes.forSource(source, unmapped);
  const definitions = new Definitions(asMap(get(root, 'definitions')), notes);
  const ctx: DcsContext = { notes, label, definitions, serverTypes: serverTypesOf(get(root, 'servers')), objects: new Map(), origins: new WeakMap() };
  const topBag = new CustomBag(notes, [], label);
  const shared: Shared = { description: newMap(), descriptionBag: new CustomBag(notes, ['description'], label), descriptionWritten: false, topBag };
  const servers = convertServers(get(root, 'servers'), ctx);
  const schema = convertModels(get(root, 'models'), ctx);
  const levels = findPair(root, 'servicelevels') ?? findPair(root, 'serviceLevels');
  const sla = convertServiceLevels(levels?.value as Node | undefined, ctx, topBag, levels ? keyOf(levels) : undefined);
  const legacyQuality = findPair(root, 'quality');
  if (legacyQuality) distributeLegacyQuality(legacyQuality, ctx, topBag);
  const keepAside: Handler = (from, key) => {
    topBag.keep(key, valueNode(from), from, [key], key === 'examples' ? 'ODCS v3.1.0 has no example data sets' : undefined);
    return [];
  };
  const out = rewriteMap(
    root,
    {
      dataContractSpecification: (from) => [pair('apiVersion', 'v3.1.0', from), pair('kind', 'DataContract')],
      id: (from) => [pair('id', text(from.value) ?? '', from)],
      info: (from) => convertInfo(from, ctx, shared),
      terms: (from) => convertTerms(from, ctx, shared),
      servers: (from) => listOrNothing('servers', servers, from),
      models: (from) => listOrNothing('schema', schema, from),
      definitions: () => [],
      servicelevels: (from) => listOrNothing('slaProperties', sla, from),
      serviceLevels: (from) => listOrNothing('slaProperties', sla, from),
      links: (from) => links(from),
      tags: keepPair,
      quality: () => [],
    },
    keepAside,
  );
  for (const unused of definitions.unused())
    topBag.keep(
      `definitions.${keyOf(unused)}`,
      valueNode(unused),
      unused,
      ['definitions', keyOf(unused)],
      'no field refers to it and ODCS v3.1.0 has no shared definitions',
    );
  shared.descriptionBag.flushInto(shared.description);
  if (!shared.descriptionWritten) out.items.push(...(descriptionOnce(shared) as Array<Pair<Scalar, Node>>));
  requireFundamentals(out, root, notes);
  topBag.flushInto(out);
  return { contents: out, notes, label, origins: ctx.origins };
}
