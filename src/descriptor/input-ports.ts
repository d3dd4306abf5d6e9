/**
 * Input ports as the mesh sees them: one that reads another product's output contract is an
 * edge of the mesh, and its contract id must be one some product publishes; one that reads an
 * operational source (a database through change data capture, an event stream, landed files)
 * names a contract of its own that no product publishes.
 */
import { records, str, type DataProduct, type InputPort } from './model.js';

/** The `kind` custom property dp init writes (`cdc`, `stream`, `files`), or one of these tags, marks an operational source. */
export const OPERATIONAL_KINDS = ['cdc', 'stream', 'files', 'operational', 'source'];

export function isOperationalSource(port: InputPort): boolean {
  const kind = records<{ property?: unknown; value?: unknown }>(port.customProperties).find(([c]) => c.property === 'kind')?.[0].value;
  if (typeof kind === 'string') return OPERATIONAL_KINDS.includes(kind);
  return Array.isArray(port.tags) && port.tags.some((t) => typeof t === 'string' && OPERATIONAL_KINDS.includes(t));
}

/** The input ports that read another product's output contract, with their index in `inputPorts`. */
export function productInputs(descriptor: Record<string, unknown> | undefined): Array<{ port: InputPort; index: number; contractId: string }> {
  return records<InputPort>((descriptor as DataProduct | undefined)?.inputPorts)
    .filter(([port]) => str(port.contractId) !== undefined && port.contractId !== '' && !isOperationalSource(port))
    .map(([port, index]) => ({ port, index, contractId: port.contractId }));
}

/** The contract ids of a descriptor's output ports. */
export function outputContractIds(descriptor: Record<string, unknown> | undefined): string[] {
  return records<{ contractId?: unknown }>((descriptor as DataProduct | undefined)?.outputPorts).flatMap(([p]) =>
    typeof p.contractId === 'string' ? [p.contractId] : [],
  );
}
