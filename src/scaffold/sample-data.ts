/**
 * data/sample/<port>.csv: a few rows of an output port that keep every promise
 * of its generated contract, so that `dp test` passes on a product fresh from
 * `dp init` (its `local` development server reads this file). The rows are a
 * pure function of the model: keys unique and never empty, listed values from
 * their lists, numbers with a fraction (so that a CSV reader sees DOUBLE, not
 * BIGINT), text that looks like no number or date, dates on the day of
 * generation and timestamps in the minutes before it (fresh for the tightest
 * latency of a new port, inside the shortest retention).
 */
import type { DatasetField } from './types.js';

export const SAMPLE_ROWS = 10;

/** Where the sample of a port lives, from the product root and from its contract under contracts/. */
export const samplePath = (port: string): string => `data/sample/${port}.csv`;

const EMAIL = /e_?mail/i;
const LOOKS_TYPED = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$|^\d{4}-\d{2}-\d{2}|^(true|false)$/i;

/** The sample of one port as CSV cells (quoted where they must be), in the template's hands to join. */
export interface SampleRows {
  columns: string[];
  rows: string[][];
}

/** The i-th value of a text field: a listed value, its example with the number counted up, or the field's name and the row. */
function text(f: DatasetField, i: number): string {
  if (f.validValues && f.validValues.length > 0) return f.validValues[i % f.validValues.length];
  const example = f.examples?.find((e): e is string => typeof e === 'string');
  const counted = example?.match(/^(.*?)(\d+)$/);
  const candidate = counted ? `${counted[1]}${String(Number(counted[2]) + i).padStart(counted[2].length, '0')}` : undefined;
  // A value a CSV reader would take for a number, a date or a boolean would not be text there.
  if (candidate !== undefined && !LOOKS_TYPED.test(candidate)) return candidate;
  if (EMAIL.test(f.name)) return `${f.name.replace(/_?e_?mail$/i, '') || 'user'}-${i + 1}@example.com`.replace(/_/g, '-');
  return `${f.name}-${i + 1}`;
}

function value(f: DatasetField, i: number, at: Date): string {
  switch (f.type) {
    case 'integer':
      return String(f.key || f.unique ? i + 1 : (i * 7) % 50);
    case 'number':
      return (i + 1.5).toFixed(1);
    case 'boolean':
      return i % 2 === 0 ? 'true' : 'false';
    case 'date':
      return at.toISOString().slice(0, 10);
    case 'timestamp':
      return new Date(at.getTime() - i * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    default:
      return text(f, i);
  }
}

/** RFC 4180: a value with a comma, a quote or a line break is quoted, quotes doubled. */
function csvField(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** Unique fields with listed values cannot repeat one: the sample has no more rows than the shortest such list. */
function rowCount(fields: readonly DatasetField[]): number {
  const lists = fields.filter((f) => (f.key || f.unique) && f.validValues && f.validValues.length > 0).map((f) => f.validValues!.length);
  return Math.min(SAMPLE_ROWS, ...lists);
}

export function sampleRows(fields: readonly DatasetField[], generatedAt: string): SampleRows {
  const at = new Date(generatedAt);
  const rows = Array.from({ length: rowCount(fields) }, (_, i) => fields.map((f) => csvField(value(f, i, at))));
  return { columns: fields.map((f) => csvField(f.name)), rows };
}
