/**
 * Which nodes of a descriptor or a contract a declarative rule checks. Named sets for what
 * organisations check most (every schema property, every output port, every server...), or
 * a path in one of the documents: `contract:servers[*]`, `descriptor:outputPorts[*].tags`,
 * `contract:schema[*].properties[*]` (`[*]` every item of a list, `*` every value of a mapping).
 */
import { contractFields } from '../../descriptor/contract-fields.js';
import { isRecord, records } from '../../descriptor/model.js';
import type { PathSegment } from '../../descriptor/positions.js';

export type DocumentKind = 'descriptor' | 'contract';

export interface Selected {
  path: PathSegment[];
  node: unknown;
}

export interface Selector {
  document: DocumentKind;
  select(value: Record<string, unknown>): Selected[];
}

const items = (key: string) => (value: Record<string, unknown>): Selected[] => records(value[key]).map(([node, i]) => ({ path: [key, i], node }));

function qualityRules(value: Record<string, unknown>): Selected[] {
  const out: Selected[] = records(value.quality).map(([node, i]) => ({ path: ['quality', i], node }));
  records(value.schema).forEach(([object, i]) => out.push(...records(object.quality).map(([node, j]) => ({ path: ['schema', i, 'quality', j], node }))));
  for (const f of contractFields(value)) out.push(...records(f.field.quality).map(([node, j]) => ({ path: [...f.path, 'quality', j], node })));
  return out;
}

export const NAMED_SELECTORS: Record<string, Selector> = {
  descriptor: { document: 'descriptor', select: (v) => [{ path: [], node: v }] },
  contract: { document: 'contract', select: (v) => [{ path: [], node: v }] },
  'input-ports': { document: 'descriptor', select: items('inputPorts') },
  'output-ports': { document: 'descriptor', select: items('outputPorts') },
  'management-ports': { document: 'descriptor', select: items('managementPorts') },
  'support-channels': { document: 'descriptor', select: items('support') },
  'schema-objects': { document: 'contract', select: items('schema') },
  'schema-properties': { document: 'contract', select: (v) => contractFields(v).map((f) => ({ path: f.path, node: f.field })) },
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

function walk(steps: Step[], at: Selected[]): Selected[] {
  let current = at;
  for (const step of steps) {
    const next: Selected[] = [];
    for (const { path, node } of current) {
      if ('key' in step) {
        if (isRecord(node) && Object.hasOwn(node, step.key)) next.push({ path: [...path, step.key], node: node[step.key] });
      } else if ('index' in step) {
        if (Array.isArray(node) && step.index < node.length) next.push({ path: [...path, step.index], node: node[step.index] });
      } else if (step.every === 'items') {
        if (Array.isArray(node)) node.forEach((n, i) => next.push({ path: [...path, i], node: n }));
      } else if (isRecord(node)) for (const [k, n] of Object.entries(node)) next.push({ path: [...path, k], node: n });
    }
    current = next;
  }
  return current;
}

/** A named set, or `descriptor:<path>` / `contract:<path>`; undefined when the text is neither. */
export function selectorOf(text: string): Selector | undefined {
  if (Object.hasOwn(NAMED_SELECTORS, text)) return NAMED_SELECTORS[text];
  const m = /^(descriptor|contract):(.+)$/.exec(text);
  const steps = m ? parsePath(m[2]) : undefined;
  if (!m || !steps) return undefined;
  return { document: m[1] as DocumentKind, select: (v) => walk(steps, [{ path: [], node: v }]) };
}
