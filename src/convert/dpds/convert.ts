/**
 * An Open Data Mesh DPDS 1.0.0 product (a descriptor, JSON or YAML, whose
 * parts may live in files it refers to) to dp's product layout: an ODPS
 * v1.0.0 `dataproduct.odps.yaml` and one ODCS v3.1.0 contract per output port
 * under `contracts/`. `info` gives the product's identity (its fully qualified
 * name is the ODPS id), owner (team member) and contact points (support);
 * internal components (applications, infrastructure) have no ODPS place and
 * are kept as custom properties, as written.
 */
import type { Node, YAMLMap } from 'yaml';
import { DpError } from '../../errors.js';
import { outputDocument } from '../document.js';
import { CustomBag, Notes } from '../notes.js';
import { asMap, asSeq, get, keyOf, newMap, pair, pairs, plain, text, valueNode } from '../nodes.js';
import { finish } from '../finish.js';
import { keepPair, rewriteMap, type Emit, type Handler } from '../rewrite.js';
import type { YamlSource } from '../source.js';
import type { Produced, ProducedDocument, Unmapped } from '../types.js';
import { ProductFiles, type ProductContext } from './files.js';
import { convertPort, MANAGEMENT, type PortKind } from './ports.js';

const KINDS: PortKind[] = ['inputPorts', 'outputPorts', 'discoveryPorts', 'observabilityPorts', 'controlPorts'];

function supportOf(points: Node | undefined, bag: CustomBag): Array<Record<string, string>> {
  const out: Array<Record<string, string>> = [];
  (asSeq(points)?.items ?? []).forEach((node, i) => {
    const point = plain(node) as Record<string, unknown> | null;
    const address = typeof point?.address === 'string' ? point.address : undefined;
    const url = address && /^[a-z][a-z0-9+.-]*:/i.test(address) ? address : address?.includes('@') ? `mailto:${address}` : undefined;
    if (!url) {
      bag.keep('contactPoint', node as Node, node, ['info', 'contactPoints', i], 'an ODPS support channel needs a URL (or an e-mail address)');
      return;
    }
    const item: Record<string, string> = { channel: String(point?.name ?? point?.channel ?? 'contact'), url };
    if (typeof point?.channel === 'string') item.tool = point.channel;
    if (typeof point?.description === 'string') item.description = point.description;
    out.push(item);
  });
  return out;
}

function convertInfo(from: Parameters<Handler>[0], ctx: ProductContext, bag: CustomBag): Emit {
  const info = asMap(from.value);
  const out: Emit = [pair('id', ctx.product.id, from)];
  if (ctx.product.name) out.push(pair('name', ctx.product.name));
  const version = text(get(info, 'version'));
  if (version) out.push(pair('version', version));
  out.push(pair('status', ctx.product.status));
  ctx.notes.add('defaulted', from, ['info'], `DPDS has no status; \`status: ${ctx.product.status}\` was written: set the real one`);
  if (ctx.product.domain) out.push(pair('domain', ctx.product.domain));
  const purpose = get(info, 'description');
  if (purpose !== undefined) out.push(pair('description', newMap([pair('purpose', purpose)])));
  if (ctx.product.owner) out.push(pair('team', { members: [ctx.product.owner] }));
  const support = supportOf(get(info, 'contactPoints'), bag);
  if (support.length > 0) out.push(pair('support', support));
  const used = ['fullyQualifiedName', 'name', 'displayName', 'version', 'domain', 'owner', 'description', 'contactPoints'];
  for (const p of pairs(info)) {
    const key = keyOf(p);
    const identity = (key === 'id' && text(get(info, 'fullyQualifiedName'))) || (key === 'name' && get(info, 'displayName'));
    if (!used.includes(key) || identity) bag.keep(key === 'name' ? 'name' : `info.${key}`, valueNode(p), p, ['info', key]);
  }
  return out;
}

function productOf(root: YAMLMap, source: YamlSource): ProductContext['product'] {
  const info = asMap(get(root, 'info'));
  const name = text(get(info, 'name'));
  const id = text(get(info, 'fullyQualifiedName')) ?? text(get(info, 'id')) ?? name;
  if (!id)
    throw new DpError('input', 'the DPDS descriptor has no `info.fullyQualifiedName`, `info.id` or `info.name`, so the product has no identity to convert', {
      location: { file: source.display, line: 1, column: 1 },
      hint: 'add info.fullyQualifiedName and info.name, as DPDS requires',
    });
  const owner = plain(get(info, 'owner')) as Record<string, unknown> | null;
  const member =
    typeof owner?.id === 'string' ? { username: owner.id, ...(typeof owner.name === 'string' ? { name: owner.name } : {}), role: 'owner' } : undefined;
  return { id, name: text(get(info, 'displayName')) ?? name, slug: name ?? id, status: 'draft', domain: text(get(info, 'domain')), owner: member };
}

export function convertDpds(source: YamlSource, unmapped: Unmapped, from: string, cwd: string): Produced {
  const root = asMap(source.doc.contents) ?? newMap();
  const files = new ProductFiles(source, cwd);
  const notes = new Notes(files.locate, unmapped);
  const label = from.replace(/ \(.*\)$/, '');
  const ctx: ProductContext = { files, notes, label, product: productOf(root, source), contractFiles: new Set() };
  const bag = new CustomBag(notes, [], label, 'ODPS v1.0.0', 'dataproduct.odps.yaml');
  const contracts: ProducedDocument[] = [];
  const ports = (from: Parameters<Handler>[0]): Emit => {
    const components = asMap(from.value);
    const lists: Record<string, YAMLMap[]> = {};
    for (const kind of KINDS) {
      const target = kind in MANAGEMENT ? 'managementPorts' : kind;
      (asSeq(get(components, kind))?.items ?? []).forEach((entry, i) => {
        const result = convertPort(kind, entry as Node, ['interfaceComponents', kind, i], ctx);
        (lists[target] ??= []).push(result.port);
        if (result.contract)
          contracts.push({
            rel: result.contract.rel,
            kind: 'odcs',
            text: finish(outputDocument(result.contract.contents, 'odcs', source), source, { kind: 'odcs', notes, label }),
          });
      });
    }
    for (const p of pairs(components))
      if (!KINDS.includes(keyOf(p) as PortKind)) bag.keep(`interfaceComponents.${keyOf(p)}`, valueNode(p), p, ['interfaceComponents', keyOf(p)]);
    return Object.entries(lists).map(([key, items]) => pair(key, items));
  };
  const out = rewriteMap(
    root,
    {
      dataProductDescriptor: (p) => [pair('apiVersion', 'v1.0.0', p), pair('kind', 'DataProduct')],
      info: (p) => convertInfo(p, ctx, bag),
      interfaceComponents: ports,
      tags: keepPair,
      externalDocs: (p) => {
        const docs = plain(p.value) as Record<string, unknown> | null;
        return typeof docs?.$href === 'string' ? [pair('authoritativeDefinitions', [{ type: 'documentation', url: docs.$href }], p)] : [];
      },
    },
    (p, key) => {
      bag.keep(
        key,
        valueNode(p),
        p,
        [key],
        key === 'internalComponents' ? 'ODPS has no internal components (applications, infrastructure): kept as written, references included' : undefined,
      );
      return [];
    },
  );
  bag.flushInto(out);
  const descriptor = finish(outputDocument(out, 'odps', source), source, { kind: 'odps', notes, label });
  const documents: ProducedDocument[] = [{ rel: 'dataproduct.odps.yaml', kind: 'odps', text: descriptor }, ...contracts];
  return { from, to: 'ODPS v1.0.0 and ODCS v3.1.0', documents, notes: notes.list, consumed: files.referenced() };
}
