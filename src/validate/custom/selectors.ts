/**
 * Which nodes of a descriptor or a contract a declarative rule checks. Named sets for what
 * organisations check most (every schema property, every output port, every server...), or
 * a path in one of the documents: `contract:servers[*]`, `descriptor:outputPorts[*].tags`,
 * `contract:schema[*].properties[*]` (`[*]` every item of a list, `*` every value of a mapping).
 */
import { isRecord } from '../../descriptor/model.js';
import type { PathSegment } from '../../descriptor/positions.js';

export type DocumentKind = 'descriptor' | 'contract';

export interface Selected {
  readonly path: PathSegment[];
  readonly node: unknown;
}

/**
 * A selected node; its path is built from its parent's only when asked (for a finding): a
 * document has thousands of nodes a rule selects and few that fail it.
 */
class Node implements Selected {
  constructor(
    readonly node: unknown,
    private readonly parent?: Node,
    private readonly a?: PathSegment,
    private readonly b?: PathSegment,
  ) {}

  get path(): PathSegment[] {
    const own = this.a === undefined ? [] : this.b === undefined ? [this.a] : [this.a, this.b];
    return this.parent ? [...this.parent.path, ...own] : own;
  }
}

export interface Selector {
  document: DocumentKind;
  select(value: Record<string, unknown>): Selected[];
}

const items =
  (key: string) =>
  (value: Record<string, unknown>): Selected[] => {
    const list = value[key];
    const out: Selected[] = [];
    if (Array.isArray(list)) list.forEach((node, i) => isRecord(node) && out.push(new Node(node, undefined, key, i)));
    return out;
  };

/** Every property of every object, nested ones (under `properties` and `items`) included, depth first. */
function schemaProperties(value: Record<string, unknown>): Selected[] {
  const out: Selected[] = [];
  const visit = (holder: Record<string, unknown>, at: Node): void => {
    const list = holder.properties;
    if (Array.isArray(list)) {
      for (let i = 0; i < list.length; i += 1) {
        const node = list[i];
        if (!isRecord(node)) continue;
        const child = new Node(node, at, 'properties', i);
        out.push(child);
        visit(node, child);
      }
    }
    if (isRecord(holder.items)) visit(holder.items, new Node(holder.items, at, 'items'));
  };
  const schema = value.schema;
  if (Array.isArray(schema)) schema.forEach((object, i) => isRecord(object) && visit(object, new Node(object, undefined, 'schema', i)));
  return out;
}

function qualityOf(holder: unknown, at: Node | undefined, out: Selected[]): void {
  const list = (holder as Record<string, unknown>).quality;
  if (Array.isArray(list)) list.forEach((node, j) => isRecord(node) && out.push(new Node(node, at, 'quality', j)));
}

function qualityRules(value: Record<string, unknown>): Selected[] {
  const out: Selected[] = [];
  qualityOf(value, undefined, out);
  for (const object of items('schema')(value)) qualityOf(object.node, object as Node, out);
  for (const field of cachedSelect('schema-properties', schemaProperties, value)) qualityOf(field.node, field as Node, out);
  return out;
}

export const NAMED_SELECTORS: Record<string, Selector> = {
  descriptor: { document: 'descriptor', select: (v) => [new Node(v)] },
  contract: { document: 'contract', select: (v) => [new Node(v)] },
  'input-ports': { document: 'descriptor', select: items('inputPorts') },
  'output-ports': { document: 'descriptor', select: items('outputPorts') },
  'management-ports': { document: 'descriptor', select: items('managementPorts') },
  'support-channels': { document: 'descriptor', select: items('support') },
  'schema-objects': { document: 'contract', select: items('schema') },
  'schema-properties': { document: 'contract', select: schemaProperties },
  servers: { document: 'contract', select: items('servers') },
  roles: { document: 'contract', select: items('roles') },
  'sla-properties': { document: 'contract', select: items('slaProperties') },
  'quality-rules': { document: 'contract', select: qualityRules },
};

type Step = { key: string } | { every: 'items' | 'values' } | { index: number };

const SEGMENT = /^(?:([A-Za-z_$][\w$-]*)|\*)((?:\[(?:\*|\d+)\])*)$/;

/** A path expression's steps; undefined when it is malformed. */
export function parsePath(text: string): Step[] | undefined {
  const steps: Step[] = [];
  for (const part of text.split('.')) {
    const m = SEGMENT.exec(part);
    if (!m) return undefined;
    steps.push(m[1] !== undefined ? { key: m[1] } : { every: 'values' });
    for (const b of m[2].match(/\[(\*|\d+)\]/g) ?? []) steps.push(b === '[*]' ? { every: 'items' } : { index: Number(b.slice(1, -1)) });
  }
  return steps;
}

function walk(steps: Step[], value: Record<string, unknown>): Selected[] {
  let current: Node[] = [new Node(value)];
  for (const step of steps) {
    const next: Node[] = [];
    for (const at of current) {
      const node = at.node;
      if ('key' in step) {
        if (isRecord(node) && Object.hasOwn(node, step.key)) next.push(new Node(node[step.key], at, step.key));
      } else if ('index' in step) {
        if (Array.isArray(node) && step.index < node.length) next.push(new Node(node[step.index], at, step.index));
      } else if (step.every === 'items') {
        if (Array.isArray(node)) node.forEach((n, i) => next.push(new Node(n, at, i)));
      } else if (isRecord(node)) for (const [k, n] of Object.entries(node)) next.push(new Node(n, at, k));
    }
    current = next;
  }
  return current;
}

/** Several rules often select the same nodes (every schema property): each document is walked once per selector. */
const selected = new WeakMap<object, Map<string, Selected[]>>();

function cachedSelect(text: string, select: Selector['select'], value: Record<string, unknown>): Selected[] {
  let byText = selected.get(value);
  if (!byText) selected.set(value, (byText = new Map()));
  let nodes = byText.get(text);
  if (!nodes) byText.set(text, (nodes = select(value)));
  return nodes;
}

function cached(text: string, selector: Selector): Selector {
  return { document: selector.document, select: (value) => cachedSelect(text, selector.select, value) };
}

/** A named set, or `descriptor:<path>` / `contract:<path>`; undefined when the text is neither. */
export function selectorOf(text: string): Selector | undefined {
  const selector = parseSelector(text);
  return selector && cached(text, selector);
}

function parseSelector(text: string): Selector | undefined {
  if (Object.hasOwn(NAMED_SELECTORS, text)) return NAMED_SELECTORS[text];
  const m = /^(descriptor|contract):(.+)$/.exec(text);
  const steps = m ? parsePath(m[2]) : undefined;
  if (!m || !steps) return undefined;
  return { document: m[1] as DocumentKind, select: (v) => walk(steps, v) };
}

type Schema = Record<string, unknown> | boolean;

const IF_OBJECT = (then: Schema): Schema => ({ if: { type: 'object' }, then });

/** `each` applied to every field `schemaProperties` selects (the properties of objects, nested ones too), through `#/$defs/dpHolder`. */
function everyField(each: Schema): { defs: Record<string, Schema>; schema: Schema } {
  const holder: Schema = {
    properties: { properties: { items: IF_OBJECT({ allOf: [each, { $ref: '#/$defs/dpHolder' }] }) }, items: IF_OBJECT({ $ref: '#/$defs/dpHolder' }) },
  };
  return { defs: { dpHolder: holder }, schema: { properties: { schema: { items: IF_OBJECT({ $ref: '#/$defs/dpHolder' }) } } } };
}

function stepsSchema(steps: Step[], all: Schema): Schema {
  let schema = all;
  for (const step of [...steps].reverse()) {
    if ('key' in step) schema = { properties: { [step.key]: schema } };
    else if ('index' in step) schema = { items: [...Array.from({ length: step.index }, () => true), schema] };
    else schema = step.every === 'items' ? { items: schema } : { additionalProperties: schema };
  }
  return schema;
}

const ITEMS_OF: Record<string, string> = {
  'input-ports': 'inputPorts',
  'output-ports': 'outputPorts',
  'management-ports': 'managementPorts',
  'support-channels': 'support',
  'schema-objects': 'schema',
  servers: 'servers',
  roles: 'roles',
  'sla-properties': 'slaProperties',
};

/**
 * One schema for a whole document that `all` (every rule of a selector together) holds for every
 * node the selector picks: one validation per document, in ajv's loops, instead of a walk and a
 * call per node. A document that passes has no failing node; only one that fails is walked.
 */
export function documentSchema(text: string, all: Schema): Record<string, unknown> | undefined {
  if (text === 'descriptor' || text === 'contract') return { allOf: [all] };
  if (Object.hasOwn(ITEMS_OF, text)) return { properties: { [ITEMS_OF[text]]: { items: IF_OBJECT(all) } } };
  if (text === 'schema-properties') {
    const { defs, schema } = everyField(all);
    return { $defs: defs, allOf: [schema] };
  }
  if (text === 'quality-rules') {
    const quality: Schema = { items: IF_OBJECT(all) };
    const { defs, schema } = everyField({ properties: { quality } });
    return { $defs: defs, allOf: [schema, { properties: { quality, schema: { items: IF_OBJECT({ properties: { quality } }) } } }] };
  }
  const m = /^(descriptor|contract):(.+)$/.exec(text);
  const steps = m ? parsePath(m[2]) : undefined;
  return steps ? { allOf: [stepsSchema(steps, all)] } : undefined;
}
