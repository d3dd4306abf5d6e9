/**
 * DPDS ports to ODPS v1.0.0 ports: input ports to `inputPorts` (their fully
 * qualified name as `contractId`, to be pointed at the upstream contract),
 * output ports to `outputPorts` with a contract each (contracts.ts), discovery,
 * observability and control ports to `managementPorts` with `content`
 * discoverability, observability and control.
 */
import { isMap, type Node, type Pair, type Scalar, type YAMLMap } from 'yaml';
import { CustomBag } from '../notes.js';
import { asMap, asSeq, get, newMap, pair, plain, text, valueNode } from '../nodes.js';
import { rewriteMap, type Handler } from '../rewrite.js';
import type { Path } from '../types.js';
import { contractFor } from './contract.js';
import type { ProductContext, Resolved } from './files.js';

export type PortKind = 'inputPorts' | 'outputPorts' | 'discoveryPorts' | 'observabilityPorts' | 'controlPorts';
export const MANAGEMENT: Record<string, string> = { discoveryPorts: 'discoverability', observabilityPorts: 'observability', controlPorts: 'control' };

export interface PortResult {
  port: YAMLMap;
  contract?: { rel: string; contents: YAMLMap };
}

/** A file name for the port's contract: safe characters only, unique in the product. */
function contractFile(name: string, version: string, taken: Set<string>): string {
  const base = name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[.-]+/, '') || 'port';
  const candidates = [base, `${base}-${version.replace(/[^A-Za-z0-9.]+/g, '-')}`];
  let file = candidates.find((c) => !taken.has(c));
  for (let i = 2; !file; i += 1) if (!taken.has(`${base}-${i}`)) file = `${base}-${i}`;
  taken.add(file);
  return `contracts/${file}.odcs.yaml`;
}

/** A port whose `$ref` names a whole descriptor (seen in the official example): its one port of that kind. */
function unwrap(resolved: Resolved, kind: PortKind, ctx: ProductContext): Resolved {
  const map = asMap(resolved.node);
  const inner = asSeq(get(asMap(get(map, 'interfaceComponents')), kind));
  if (!map || !get(map, 'dataProductDescriptor') || inner?.items.length !== 1) return resolved;
  ctx.notes.add('changed', map, resolved.path, `the reference names a whole DPDS descriptor, not a port: its one ${kind} entry was used`);
  return { node: inner.items[0] as Node, source: resolved.source, path: [...resolved.path, 'interfaceComponents', kind, 0] };
}

function servicesType(port: YAMLMap, at: Resolved, ctx: ProductContext): string | undefined {
  const promises = asMap(ctx.files.resolve(get(port, 'promises'), at.source, [...at.path, 'promises'])?.node);
  const type = text(get(promises, 'servicesType')) ?? text(get(promises, 'serviceType'));
  return type?.replace(/-services?$/, '');
}

function handlersFor(kind: PortKind, port: YAMLMap, at: Resolved, ctx: ProductContext, bag: CustomBag): Record<string, Handler> {
  const keep: Handler = (from, key) => {
    bag.keep(key, valueNode(from), from, [...at.path, key]);
    return [];
  };
  const same: Handler = (from) => [from as Pair<Scalar, Node>];
  const h: Record<string, Handler> = {
    name: same,
    version: (from) => [pair('version', text(from.value) ?? '', from)],
    tags: same,
    externalDocs: (from) => {
      const docs = plain(from.value) as Record<string, unknown> | null;
      if (typeof docs?.$href !== 'string') return keep(from, 'externalDocs');
      return [
        pair(
          'authoritativeDefinitions',
          [{ type: 'documentation', url: docs.$href, ...(typeof docs.description === 'string' ? { description: docs.description } : {}) }],
          from,
        ),
      ];
    },
  };
  if (kind === 'outputPorts') {
    Object.assign(h, { description: same, fullyQualifiedName: () => [], displayName: () => [], expectations: () => [], obligations: () => [] });
    h.promises = (from) => {
      const type = servicesType(port, at, ctx);
      const platform = get(asMap(ctx.files.resolve(from.value, at.source, [...at.path, 'promises'])?.node), 'platform');
      if (platform !== undefined) bag.keep('platform', platform, platform, [...at.path, 'promises', 'platform'], 'ODPS has no place for the port platform');
      return type ? [pair('type', type, from)] : [];
    };
  } else if (kind === 'inputPorts') {
    h.fullyQualifiedName = (from) => {
      ctx.notes.add(
        'changed',
        from,
        [...at.path, 'fullyQualifiedName'],
        "the input port's fully qualified name was written as its `contractId`: point it at the id of the upstream output contract it reads",
      );
      return [pair('contractId', text(from.value) ?? '', from)];
    };
  } else {
    h.description = same;
    h.version = keep;
    h.promises = (from) => {
      const type = servicesType(port, at, ctx);
      keep(from, 'promises');
      return type ? [pair('type', type)] : [];
    };
  }
  return h;
}

/** One port of `kind`; `entry` is the entry of `interfaceComponents` (inline or a reference) at `path`. */
export function convertPort(kind: PortKind, entry: Node, path: Path, ctx: ProductContext): PortResult {
  const resolved = unwrap(ctx.files.resolve(entry, ctx.files.descriptor, path)!, kind, ctx);
  const port = asMap(resolved.node) ?? newMap();
  const refDescription = isMap(entry) && get(entry, '$ref') ? text(get(entry, 'description')) : undefined;
  const owner: Path = [kind in MANAGEMENT ? 'managementPorts' : kind, Number(path[path.length - 1])];
  const bag = new CustomBag(ctx.notes, owner, ctx.label, 'ODPS v1.0.0', 'dataproduct.odps.yaml');
  const out = rewriteMap(port, handlersFor(kind, port, resolved, ctx, bag), (from, key) => {
    bag.keep(key, valueNode(from), from, [...resolved.path, key]);
    return [];
  });
  const name = text(get(port, 'name')) ?? `${kind.replace(/s$/, '')}-${(owner[1] as number) + 1}`;
  const version = text(get(port, 'version')) ?? '0.0.0';
  if (!get(out, 'name')) out.items.unshift(pair('name', name));
  if (!get(out, 'version') && !(kind in MANAGEMENT)) {
    out.items.push(pair('version', version));
    ctx.notes.add('defaulted', port, resolved.path, `the port has no version; \`${version}\` was written`);
  }
  if (refDescription && !get(out, 'description') && kind !== 'inputPorts') out.items.push(pair('description', refDescription));
  if (kind in MANAGEMENT) out.items.splice(1, 0, pair('content', MANAGEMENT[kind]));
  if (kind === 'inputPorts' && !get(out, 'contractId')) {
    out.items.push(pair('contractId', name));
    ctx.notes.add(
      'defaulted',
      port,
      resolved.path,
      'the input port names no upstream contract; its name was written as `contractId`: point it at the id of the contract it reads',
    );
  }
  let contract: PortResult['contract'];
  if (kind === 'outputPorts') {
    const id = text(get(port, 'fullyQualifiedName')) ?? `${ctx.product.slug}.${name}`;
    out.items.push(pair('contractId', id));
    const rel = contractFile(name, version, ctx.contractFiles);
    const purpose = text(get(port, 'description')) ?? refDescription;
    contract = { rel, contents: contractFor(port, resolved, { id, name: text(get(port, 'displayName')) ?? name, version, purpose }, rel, ctx) };
  }
  bag.flushInto(out);
  return { port: out, contract };
}
