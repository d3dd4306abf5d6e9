/** Input ports: another product's output contract, or an operational source bound by the team. */
import type { PortSpec } from './port-spec.js';
import type { InputKind } from './types.js';

export interface InputModel {
  name: string;
  kind: InputKind;
  snake: string;
  /** What is read: an upstream contract id, schema.table, a topic or a location. */
  ref: string;
  contractId: string;
  version: string;
  /** True when the input is another data product (an edge of the mesh). */
  upstream: boolean;
  /** One line for people: what this port reads. */
  source: string;
  /** The binding as data (ports/input/<name>/binding.yaml). */
  binding: Record<string, unknown>;
  /** What the team must still fill in. */
  todo: string[];
}

const snake = (s: string): string => s.replace(/-/g, '_');
export const DEFAULT_UPSTREAM_VERSION = '1.0.0';

/** What an input port reads, in one line for people (`ref` is the upstream contract id for a product input). */
export function describeInput(kind: InputKind, ref: string, version: string): string {
  switch (kind) {
    case 'product':
      return `output contract \`${ref}\` (version ${version}) of an upstream data product`;
    case 'cdc':
      return `change data capture of the table \`${ref}\` of an operational database`;
    case 'stream':
      return `the event stream \`${ref}\``;
    case 'files':
      return `files landing at \`${ref}\``;
    default:
      return `\`${ref}\` (${String(kind)})`;
  }
}

function productInput(spec: PortSpec, ref: string): Omit<InputModel, 'name' | 'kind' | 'snake'> {
  const [contractId, version = DEFAULT_UPSTREAM_VERSION] = ref.split('@');
  return {
    ref,
    contractId,
    version,
    upstream: true,
    source: describeInput('product', contractId, version),
    binding: { type: 'product', contractId, version, access: { request: `ask the owning team for the reader role of ${contractId}` } },
    todo: [
      `check that version ${version} is the version of ${contractId} you read (dp catalog show)`,
      'request the reader role of the upstream output port',
      `replace the example columns in ports/output/*/ with the upstream fields you use`,
    ],
  };
}

function sourceInput(spec: PortSpec, p: { id: string; domain: string; version: string }): Omit<InputModel, 'name' | 'kind' | 'snake'> {
  const common = { contractId: `${p.id}.${spec.name}.source`, version: p.version, upstream: false };
  switch (spec.kind as Exclude<InputKind, 'product'>) {
    case 'cdc': {
      const ref = spec.ref ?? `public.${snake(spec.name)}`;
      return {
        ...common,
        ref,
        source: describeInput('cdc', ref, p.version),
        binding: {
          type: 'cdc',
          connector: 'debezium',
          database: { engine: 'postgres', host: 'TODO', name: 'TODO' },
          table: ref,
          changeLog: { topic: `${p.domain}.cdc.${ref}`, mode: 'append-only' },
        },
        todo: [
          'fill in database.host and database.name',
          'agree the CDC connector and its credentials with the platform team',
          'map the captured columns in the transformation',
        ],
      };
    }
    case 'stream': {
      const ref = spec.ref ?? `${p.domain}.${spec.name}`;
      return {
        ...common,
        ref,
        source: describeInput('stream', ref, p.version),
        binding: { type: 'stream', topic: ref, format: 'json', consumerGroup: `${p.id}-${spec.name}`, startFrom: 'earliest' },
        todo: ['check the topic name and its message format', 'ask for read access to the topic for the consumer group'],
      };
    }
    case 'files': {
      const ref = spec.ref ?? `s3://${p.domain}-landing/${spec.name}/`;
      return {
        ...common,
        ref,
        source: describeInput('files', ref, p.version),
        binding: { type: 'files', location: ref, format: 'parquet', arrival: 'daily' },
        todo: ['check the location, the file format and when files arrive', 'ask for read access to the location'],
      };
    }
  }
}

export function inputModel(spec: PortSpec, p: { id: string; domain: string; version: string }): InputModel {
  const kind = spec.kind as InputKind;
  const rest = kind === 'product' ? productInput(spec, spec.ref ?? '') : sourceInput(spec, p);
  return { name: spec.name, kind, snake: snake(spec.name), ...rest };
}
