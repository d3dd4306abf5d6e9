/** The guarantees a new output port starts with, by kind: how long data is kept and how fresh it is. */
import type { OutputKind } from './types.js';

export interface Sla {
  property: string;
  value: number;
  unit: string;
  /** For people: the promise in words. */
  text: string;
}

const FRESHNESS: Record<OutputKind, Sla[]> = {
  table: [
    { property: 'frequency', value: 1, unit: 'd', text: 'refreshed daily' },
    { property: 'latency', value: 4, unit: 'h', text: 'at most 4 hours behind the source' },
  ],
  files: [
    { property: 'frequency', value: 1, unit: 'd', text: 'a new daily partition' },
    { property: 'latency', value: 6, unit: 'h', text: 'at most 6 hours behind the source' },
  ],
  stream: [{ property: 'latency', value: 5, unit: 'min', text: 'events at most 5 minutes after they happen' }],
  api: [
    { property: 'frequency', value: 1, unit: 'h', text: 'updated hourly' },
    { property: 'latency', value: 1, unit: 'h', text: 'at most 1 hour behind the source' },
  ],
};

export function slaFor(kind: OutputKind, retentionDays: number): Sla[] {
  return [{ property: 'retention', value: retentionDays, unit: 'd', text: `kept ${retentionDays} days` }, ...FRESHNESS[kind]];
}

interface TemporalField {
  name: string;
  type: string;
  partitioned?: boolean;
}

/**
 * The column `dp test` measures an SLA age on (`element`, as object.column): latency on the newest
 * timestamp (the partition column when it is one; a date would make a promise of hours fail every
 * afternoon), retention on the oldest value of the partition column; none for other properties, or
 * when the port has no date or timestamp field.
 */
export function slaElement(property: string, object: string, fields: readonly TemporalField[]): string | undefined {
  const timestamps = fields.filter((f) => f.type === 'timestamp');
  const temporal = fields.filter((f) => f.type === 'timestamp' || f.type === 'date');
  const partition = temporal.find((f) => f.partitioned);
  let field: TemporalField | undefined;
  if (property === 'latency') field = timestamps.find((f) => f.partitioned) ?? timestamps[0] ?? partition ?? temporal[0];
  else if (property === 'retention') field = partition ?? timestamps[0] ?? temporal[0];
  return field ? `${object}.${field.name}` : undefined;
}
