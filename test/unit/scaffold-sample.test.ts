import { describe, expect, it } from 'vitest';
import { sampleRows } from '../../src/scaffold/sample-data.js';
import { slaElement } from '../../src/scaffold/sla.js';
import type { DatasetField } from '../../src/scaffold/types.js';

const field = (name: string, type: DatasetField['type'], extra: Partial<DatasetField> = {}): DatasetField => ({
  name,
  type,
  description: name,
  classification: 'internal',
  ...extra,
});
const AT = '2025-01-31T10:20:30.456Z';

describe('sample rows of a generated port', () => {
  const fields = [
    field('event_id', 'string', { key: true, examples: ['evt-000001'] }),
    field('kind', 'string', { required: true, validValues: ['created', 'updated', 'deleted'] }),
    field('customer_email', 'string'),
    field('count', 'integer'),
    field('ratio', 'number'),
    field('active', 'boolean'),
    field('day', 'date', { partitioned: true }),
    field('at', 'timestamp'),
    field('note', 'string', { examples: ['2024', 'say "hi", then go'] }),
  ];

  it('keep the contract: unique keys, listed values, typed cells a CSV reader recognises, dated at generation', () => {
    const { columns, rows } = sampleRows(fields, AT);
    expect(columns).toEqual(fields.map((f) => f.name));
    expect(rows).toHaveLength(10);
    expect(rows.map((r) => r[0])).toEqual(Array.from({ length: 10 }, (_, i) => `evt-${String(i + 1).padStart(6, '0')}`));
    expect(new Set(rows.map((r) => r[1]))).toEqual(new Set(['created', 'updated', 'deleted']));
    expect(rows[0].slice(2)).toEqual(['customer-1@example.com', '0', '1.5', 'true', '2025-01-31', '2025-01-31T10:20:30Z', 'note-1']);
    expect(rows[9][7]).toBe('2025-01-31T10:11:30Z');
    for (const r of rows) expect(r[4]).toMatch(/^\d+\.\d$/);
  });

  it('are the same for the same instant', () => {
    expect(sampleRows(fields, AT)).toEqual(sampleRows(fields, AT));
  });

  it('quote what CSV must quote, and repeat no value of a unique field with a short list', () => {
    const quoted = sampleRows([field('code', 'string', { key: true, validValues: ['a,b', 'say "x"'] })], AT);
    expect(quoted.rows).toEqual([['"a,b"'], ['"say ""x"""']]);
  });
});

describe('the column of each SLA age', () => {
  const at = (names: Array<[string, string, boolean?]>) => names.map(([name, type, partitioned]) => ({ name, type, partitioned }));

  it('measures latency on the newest timestamp and retention on the partition', () => {
    const aggregate = at([
      ['metric_date', 'date', true],
      ['segment', 'string'],
      ['computed_at', 'timestamp'],
    ]);
    expect(slaElement('latency', 'daily', aggregate)).toBe('daily.computed_at');
    expect(slaElement('retention', 'daily', aggregate)).toBe('daily.metric_date');
    const events = at([
      ['occurred_at', 'timestamp', true],
      ['ingested_at', 'timestamp'],
    ]);
    expect(slaElement('latency', 'events', events)).toBe('events.occurred_at');
    expect(slaElement('retention', 'events', events)).toBe('events.occurred_at');
  });

  it('names none for other properties, or without a date or timestamp', () => {
    expect(slaElement('frequency', 'daily', at([['computed_at', 'timestamp']]))).toBeUndefined();
    expect(slaElement('latency', 'ids', at([['id', 'string']]))).toBeUndefined();
    expect(slaElement('latency', 'days', at([['day', 'date']]))).toBe('days.day');
  });
});
