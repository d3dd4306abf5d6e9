/**
 * An ODCS schema from the API a DPDS output port promises: one schema object
 * per table of a `datastoreapi` definition, one per channel of an `asyncapi`
 * definition (named after its message, `physicalName` the topic). Structures
 * defined inline or in files of the product are read (Avro, JSON Schema, DPDS
 * schemata); remote ones are not fetched, and the object is written without
 * properties, with a note saying so. Other API kinds are listed, not converted.
 */
import { isMap, type Node } from 'yaml';
import { DpError } from '../../errors.js';
import type { Notes } from '../notes.js';
import { get, plain, text } from '../nodes.js';
import type { YamlSource } from '../source.js';
import type { Path } from '../types.js';
import type { ProductFiles } from './files.js';
import { propertiesOf, type Property } from './payload.js';

type Json = Record<string, unknown>;

interface ApiContext {
  files: ProductFiles;
  notes: Notes;
}

/** A value of a file of the product: where it is, to follow its references and point notes at it. */
interface Located {
  value: unknown;
  source: YamlSource;
  path: Path;
}

/** Follows `{ $ref }` (the value at `at`) to a file of the product; remote or broken references give undefined and a note. */
function load(at: Located, ctx: ApiContext, what: string): Located | undefined {
  const node = at.source.doc.getIn(at.path, true) as Node | undefined;
  if (node === undefined) return undefined;
  const ref = isMap(node) ? text(node.get('$ref')) : undefined;
  if (ref === undefined || !isMap(node)) return { value: plain(node), source: at.source, path: at.path };
  try {
    const resolved = ctx.files.follow(ref, at.source, node.get('$ref', true));
    return { value: plain(resolved.node), source: resolved.source, path: resolved.path };
  } catch (error) {
    if (!(error instanceof DpError)) throw error;
    ctx.notes.add('dropped', node.get('$ref', true), at.path, `the ${what} was not read: ${error.message}; its schema object has no properties`, {
      hint: 'put the definition in a file of the product and refer to it by a relative path',
    });
    return undefined;
  }
}

function object(name: string, physicalName: string | undefined, properties: Property[] | undefined, description?: string): Json {
  const out: Json = { name, logicalType: 'object' };
  if (physicalName && physicalName !== name) out.physicalName = physicalName;
  if (description) out.description = description;
  if (properties && properties.length > 0) out.properties = properties;
  return out;
}

function datastore(api: Located, ctx: ApiContext): Json[] {
  const definition = api.value as Json;
  const tables = Array.isArray((definition.schema as Json | undefined)?.tables) ? ((definition.schema as Json).tables as Json[]) : [];
  return tables.map((table, i) => {
    const structure =
      table.definition === undefined
        ? undefined
        : load({ ...api, value: undefined, path: [...api.path, 'schema', 'tables', i, 'definition'] }, ctx, 'table definition')?.value;
    const name = String(table.name ?? `table_${i + 1}`);
    return object(name, name, propertiesOf(structure) ?? propertiesOf(table));
  });
}

/** `#/components/messages/x` inside the API definition itself. */
function local(definition: Json, value: unknown): Json | undefined {
  const ref = (value as Json | undefined)?.$ref;
  if (typeof ref !== 'string' || !ref.startsWith('#/')) return value as Json | undefined;
  let node: unknown = definition;
  for (const part of ref.slice(2).split('/')) node = (node as Json | undefined)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  return node as Json | undefined;
}

function channels(api: Located, ctx: ApiContext): Json[] {
  const definition = api.value as Json;
  const list = (definition.channels ?? {}) as Record<string, Json>;
  return Object.entries(list).map(([channel, body]) => {
    const operationKey = body?.subscribe ? 'subscribe' : 'publish';
    const message = local(definition, (body?.[operationKey] as Json | undefined)?.message) ?? {};
    const payload = local(definition, message.payload);
    let structure: unknown = payload;
    if (payload && typeof payload.$ref === 'string') {
      structure = load({ ...api, path: [...api.path, 'channels', channel, operationKey, 'message', 'payload'] }, ctx, 'message payload')?.value;
    }
    const name = String(message.messageId ?? message.name ?? channel);
    return object(name, channel, propertiesOf(structure), typeof body?.description === 'string' ? body.description : undefined);
  });
}

/** Schema objects for the port's `promises.api` (undefined: no API, or a kind dp does not read). */
/** Schema objects for the port's `promises.api` at `path` of `source` (undefined: no API, or a kind dp does not read). */
export function schemaFromApi(source: YamlSource, path: Path, ctx: ApiContext): Json[] | undefined {
  const api = source.doc.getIn(path, true);
  if (!isMap(api)) return undefined;
  const specification = (text(get(api, 'specification')) ?? '').toLowerCase();
  const loaded = get(api, 'definition') === undefined ? undefined : load({ value: undefined, source, path: [...path, 'definition'] }, ctx, 'API definition');
  if (!loaded || typeof loaded.value !== 'object' || loaded.value === null) return undefined;
  const definition = loaded.value as Json;
  if (specification === 'datastoreapi' || definition.datastoreapi !== undefined) return datastore(loaded, ctx);
  if (specification === 'asyncapi' || definition.asyncapi !== undefined) return channels(loaded, ctx);
  ctx.notes.add(
    'changed',
    api,
    path,
    `the port's API (${specification || 'unknown kind'}) was not converted into an ODCS schema: dp reads datastoreapi and asyncapi definitions`,
    { hint: 'describe the data under `schema` in the contract' },
  );
  return undefined;
}
