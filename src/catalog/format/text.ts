/** Small text helpers for catalog output: plurals, aligned tables, colours. */
import { createColors } from 'picocolors';
import { terminalText } from '../../util/terminal.js';

export type Colors = ReturnType<typeof createColors>;

export const colors = (enabled: boolean): Colors => createColors(enabled);

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

/** Columns padded to their widest cell; the last column is not padded. Cells are escaped for the terminal. */
export function table(header: string[], unsafe: string[][], c?: Colors): string {
  const rows = unsafe.map((r) => r.map(terminalText));
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  const head = line(header);
  return [c ? c.bold(head) : head, ...rows.map(line)].join('\n');
}

export function day(iso: string): string {
  return iso.slice(0, 10);
}

export function minute(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}
