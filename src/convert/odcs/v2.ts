/**
 * ODCS v2.x to v3.1.0, following the v3.0.0 changelog of the standard:
 * `uuid` is `id`, `quantumName` `dataProduct`, `datasetDomain` `domain`,
 * `stakeholders` the team's members, `slaDefaultColumn`/`column` the SLA
 * `element`, `dataset` the schema. The product contacts (`productDl`,
 * `productSlackChannel`, `productFeedbackUrl`) become support channels; the
 * physical fields (`sourceSystem`, `project`, `datasetName`, `database`,
 * `server`, `driver`...) one server entry. Credentials (`username`,
 * `password`) are never copied.
 */
import type { Node, Pair, Scalar, YAMLMap } from 'yaml';
import { ODCS_SERVER_TYPES } from '../dcs/servers.js';
import { CustomBag, Notes } from '../notes.js';
import { asMap, asSeq, findPair, get, keyOf, newMap, pair, plain, text, valueNode, type AnyPair } from '../nodes.js';
import { keepPair, markMoved, renamed, renameTo, rewriteMap, type Emit, type Handler } from '../rewrite.js';
import type { YamlSource } from '../source.js';
import type { Path, Unmapped } from '../types.js';
import { defaultElement, stringValues, upgradeElements, upgradePrice, upgradeTimestamp } from './upgrade.js';
import { convertDataset, type V2Context } from './v2-schema.js';

const SUPPORT_KEYS = ['productDl', 'productSlackChannel', 'productFeedbackUrl'];
const SERVER_KEYS = ['sourceSystem', 'sourcePlatform', 'project', 'datasetName', 'database', 'server', 'driver', 'driverVersion'];
const CREDENTIALS = ['username', 'password'];
const SYSTEM_TYPES: Record<string, string> = {
  bigquery: 'bigquery',
  'google bigquery': 'bigquery',
  snowflake: 'snowflake',
  postgresql: 'postgres',
  redshift: 'redshift',
  databricks: 'databricks',
  sqlserver: 'sqlserver',
  'sql server': 'sqlserver',
  oracle: 'oracle',
  mysql: 'mysql',
  kafka: 'kafka',
  s3: 's3',
};

export interface ConvertedV2 {
  contents: YAMLMap;
  notes: Notes;
  label: string;
  /** Source paths of output maps that moved (the server entry), for notes of the final pass. */
  origins: WeakMap<object, Path>;
}

function supportChannels(root: YAMLMap): YAMLMap[] {
  const channels: Array<Record<string, string>> = [];
  const dl = text(get(root, 'productDl'));
  const slack = text(get(root, 'productSlackChannel'));
  const feedback = text(get(root, 'productFeedbackUrl'));
  if (dl) channels.push({ channel: dl, url: dl.includes('@') && !dl.includes(':') ? `mailto:${dl}` : dl, tool: 'email' });
  if (slack) channels.push({ channel: slack, tool: 'slack' });
  if (feedback) channels.push({ channel: 'feedback', url: feedback, scope: 'feedback' });
  return channels.map((c) => pair('x', c).value as YAMLMap);
}

function serverType(root: YAMLMap): string {
  const system = (text(get(root, 'sourceSystem')) ?? '').toLowerCase();
  if (ODCS_SERVER_TYPES.includes(system)) return system;
  return SYSTEM_TYPES[system] ?? 'custom';
}

/**
 * One server entry from the v2 physical fields; the names ODCS does not define for its type move to
 * customProperties in the final pass (`origins` maps the entry to the top level of the source for its notes).
 */
function serverEntry(root: YAMLMap, origins: WeakMap<object, Path>): YAMLMap | undefined {
  const present = SERVER_KEYS.map((k) => findPair(root, k)).filter((p): p is AnyPair => p !== undefined && plain(p.value) !== null);
  if (present.length === 0) return undefined;
  const type = serverType(root);
  const entry: Array<Pair<Scalar, Node>> = [pair('server', text(get(root, 'datasetName')) ?? text(get(root, 'project')) ?? 'production'), pair('type', type)];
  const names: Record<string, string> = { datasetName: type === 'bigquery' ? 'dataset' : 'datasetName', server: 'host' };
  for (const p of present) {
    const key = keyOf(p);
    markMoved(p);
    if (key === 'sourceSystem' && type !== 'custom') continue;
    entry.push(names[key] ? renamed(p, names[key]) : (p as Pair<Scalar, Node>));
  }
  const map = newMap(entry);
  origins.set(map, []);
  return map;
}

/** SLA properties: `column` is `element`; the default column fills the elements left empty. */
function slaList(from: AnyPair): Emit {
  const list = asSeq(from.value)?.items ?? [];
  const out = list.map((item) => rewriteMap(asMap(item), { column: renameTo('element') }, keepPair));
  return [pair('slaProperties', out, from)];
}

function once(done: Set<string>, slot: string, make: () => Emit): Emit {
  if (done.has(slot)) return [];
  done.add(slot);
  return make();
}

function handlers(root: YAMLMap, ctx: V2Context, bag: CustomBag, origins: WeakMap<object, Path>): Record<string, Handler> {
  const done = new Set<string>();
  const server = serverEntry(root, origins);
  const support = supportChannels(root);
  const h: Record<string, Handler> = {
    apiVersion: (from) => [pair('apiVersion', 'v3.1.0', from)],
    uuid: renameTo('id'),
    quantumName: renameTo('dataProduct'),
    datasetDomain: renameTo('domain'),
    stakeholders: (from) => [pair('team', newMap([pair('members', from.value)]), from)],
    slaDefaultColumn: renameTo('slaDefaultElement'),
    slaProperties: slaList,
    dataset: (from) => [pair('schema', convertDataset(from.value as Node, ctx), from)],
  };
  for (const key of SUPPORT_KEYS) h[key] = () => once(done, 'support', () => (support.length > 0 ? [pair('support', support)] : []));
  for (const key of SERVER_KEYS) h[key] = () => once(done, 'servers', () => (server ? [pair('servers', [server])] : []));
  for (const key of CREDENTIALS) {
    h[key] = (from) => {
      ctx.notes.add('dropped', from, [key], 'credentials do not belong in a contract (ODCS v3 removed them); never copied');
      return [];
    };
  }
  for (const key of ['datasetKind', 'userConsumptionMode', 'type', 'schedulerAppName', 'systemInstance', 'quality']) {
    h[key] = (from) => {
      bag.keep(key, valueNode(from), from, [key], 'ODCS v3 removed it');
      return [];
    };
  }
  return h;
}

export function convertOdcsV2(source: YamlSource, unmapped: Unmapped): ConvertedV2 {
  const root = asMap(source.doc.contents) ?? newMap();
  const label = `ODCS ${text(get(root, 'apiVersion')) ?? 'v2'}`;
  const notes = Notes.forSource(source, unmapped);
  const ctx: V2Context = { notes, label, silentNullability: [] };
  const bag = new CustomBag(notes, [], label);
  const origins = new WeakMap<object, Path>();
  const out = rewriteMap(root, handlers(root, ctx, bag, origins), keepPair);
  defaultElement(out, notes, 'slaDefaultElement', 'slaDefaultColumn');
  upgradeElements(out, notes, label);
  stringValues(out, notes);
  upgradePrice(out, notes);
  upgradeTimestamp(out, notes);
  if (!findPair(out, 'kind')) out.items.splice(1, 0, pair('kind', 'DataContract'));
  if (ctx.silentNullability.length > 0) {
    notes.add(
      'changed',
      ctx.silentNullability[0],
      ['dataset'],
      `${ctx.silentNullability.length} column(s) do not say \`isNullable\`: ODCS v2 reads that as not nullable, v3 as not required; add \`required: true\` where a column is never null`,
    );
  }
  bag.flushInto(out);
  return { contents: out, notes, label, origins };
}
