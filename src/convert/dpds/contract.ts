/**
 * The ODCS v3.1.0 contract of a DPDS output port: identity (the port's fully
 * qualified name, else `<product>.<port>`), version (the port's, as dp's
 * product layout requires), description (the port's purpose, its expected
 * usage, links to its API definition and terms), a schema read from its API,
 * the product owner as team member; the port's promises, expectations and
 * obligations that ODCS has no place for are kept as custom properties.
 */
import { isMap, type YAMLMap } from 'yaml';
import { CustomBag } from '../notes.js';
import { asMap, get, keyOf, pair, pairs, plain, text, toNode, valueNode, type AnyPair } from '../nodes.js';
import type { Path } from '../types.js';
import { schemaFromApi } from './api.js';
import type { ProductContext, Resolved } from './files.js';

function section(port: YAMLMap, key: string, at: Resolved, ctx: ProductContext): { map?: YAMLMap; resolved?: Resolved } {
  const resolved = ctx.files.resolve(get(port, key), at.source, [...at.path, key]);
  return { map: asMap(resolved?.node), resolved };
}

/** A link to the API definition: a file of the product (relative to the product directory), or its documentation. */
function apiLink(api: YAMLMap | undefined, from: Resolved | undefined, ctx: ProductContext): Record<string, string> | undefined {
  if (!api) return undefined;
  const definition = get(api, 'definition');
  const ref = isMap(definition) ? text(definition.get('$ref')) : undefined;
  const local = ref && from && !/^[a-z][a-z0-9+.-]*:/i.test(ref) ? ctx.files.fromRoot(from.source, ref) : ref;
  const url = local ?? text(get(asMap(get(api, 'externalDocs')), '$href'));
  if (!url) return undefined;
  const spec = [text(get(api, 'specification')), text(get(api, 'specificationVersion'))].filter(Boolean).join(' ');
  const link: Record<string, string> = { type: spec || 'api', url };
  const name = text(get(api, 'name'));
  if (name) link.description = `API ${name}${text(get(api, 'version')) ? ` ${text(get(api, 'version'))}` : ''}`;
  return link;
}

function termsLink(terms: YAMLMap | undefined): Record<string, string> | undefined {
  const url = text(get(asMap(get(terms, 'externalDocs')), '$href'));
  if (!url) return undefined;
  const link: Record<string, string> = { type: 'termsAndConditions', url };
  const description = text(get(terms, 'description'));
  if (description) link.description = description;
  return link;
}

export interface ContractParts {
  id: string;
  name: string;
  version: string;
  purpose?: string;
}

/** The contract's content; `port` is the resolved output port at `at`. */
export function contractFor(port: YAMLMap, at: Resolved, parts: ContractParts, file: string, ctx: ProductContext): YAMLMap {
  const bag = new CustomBag(ctx.notes, [], ctx.label, 'ODCS v3.1.0', file);
  const promises = section(port, 'promises', at, ctx);
  const expectations = section(port, 'expectations', at, ctx);
  const obligations = section(port, 'obligations', at, ctx);
  const api = asMap(get(promises.map, 'api'));
  const usage = text(get(asMap(get(expectations.map, 'usage')), 'description'));
  const links = [apiLink(api, promises.resolved, ctx), termsLink(asMap(get(obligations.map, 'termsAndConditions')))].filter(Boolean);
  const description: Record<string, unknown> = {};
  if (parts.purpose) description.purpose = parts.purpose;
  if (usage) description.usage = usage;
  if (links.length > 0) description.authoritativeDefinitions = links;
  const out = toNode({
    apiVersion: 'v3.1.0',
    kind: 'DataContract',
    id: parts.id,
    name: parts.name,
    version: parts.version,
    status: ctx.product.status,
  }) as YAMLMap;
  if (ctx.product.domain) out.items.push(pair('domain', ctx.product.domain));
  if (Object.keys(description).length > 0) out.items.push(pair('description', description));
  const schema = promises.resolved
    ? schemaFromApi(promises.resolved.source, [...promises.resolved.path, 'api'], { files: ctx.files, notes: ctx.notes })
    : undefined;
  if (schema && schema.length > 0) out.items.push(pair('schema', schema));
  if (ctx.product.owner) out.items.push(pair('team', { members: [ctx.product.owner] }));
  for (const [key, found] of [
    ['promises', promises],
    ['expectations', expectations],
    ['obligations', obligations],
  ] as const) {
    for (const p of pairs(found.map)) keepSectionEntry(key, p, found.resolved!, bag);
  }
  bag.flushInto(out);
  return out;
}

/** What a section entry carries beyond what the contract already says is kept as a custom property. */
function keepSectionEntry(sectionKey: string, entry: AnyPair, at: Resolved, bag: CustomBag): void {
  const key = keyOf(entry);
  const path: Path = [...at.path, key];
  if (sectionKey === 'promises' && ['platform', 'servicesType', 'serviceType'].includes(key)) return;
  const value = plain(entry.value) as Record<string, unknown> | null;
  const onlyDescribed =
    key === 'usage' &&
    value &&
    Object.keys(value).every((k) => ['name', 'version', 'specification', 'description', 'definition'].includes(k)) &&
    Object.keys((value.definition as object) ?? {}).length === 0;
  if (onlyDescribed) return;
  const why =
    key === 'api'
      ? 'ODCS has no place for an API description; its definition is linked under description.authoritativeDefinitions'
      : `ODCS has no place for the port's ${sectionKey} \`${key}\``;
  bag.keep(`${sectionKey}.${key}`, valueNode(entry), entry, path, why);
}
