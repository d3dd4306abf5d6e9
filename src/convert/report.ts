/**
 * What `dp convert` tells: per conversion, every note at its file, line and
 * column (what was kept as a custom property, dropped, changed, defaulted, and
 * what the written file still lacks), then a summary; or, when the run cannot
 * go ahead, every problem and that nothing was written. Text for people on
 * stderr, one JSON document with --json.
 */
import { createColors } from 'picocolors';
import type { Problem, Skipped } from './discover.js';
import type { Plan } from './plan.js';
import { LOSS_KINDS, NOTE_KINDS, type Conversion, type Note, type NoteKind } from './types.js';

type Colors = ReturnType<typeof createColors>;

const LABELS: Record<NoteKind, string> = {
  invalid: 'invalid',
  dropped: 'dropped',
  'custom-property': 'kept',
  changed: 'changed',
  defaulted: 'defaulted',
  resolved: 'resolved',
};
/** Kinds listed one by one in text output (resolved references are only counted). */
const LISTED: NoteKind[] = ['invalid', 'dropped', 'custom-property', 'changed', 'defaulted'];

export interface RunResult {
  plan: Plan;
  dryRun: boolean;
  written: boolean;
  exitCode: number;
  diffs?: Map<string, string>;
}

export function counts(notes: Note[]): Record<NoteKind, number> {
  const out = Object.fromEntries(NOTE_KINDS.map((k) => [k, 0])) as Record<NoteKind, number>;
  for (const n of notes) out[n.kind] += 1;
  return out;
}

function paint(kind: NoteKind, c: Colors): (s: string) => string {
  if (kind === 'invalid') return c.red;
  if (LOSS_KINDS.includes(kind)) return c.yellow;
  return c.cyan;
}

function noteLines(notes: Note[], c: Colors): string[] {
  const lines: string[] = [];
  const listed = notes.filter((n) => LISTED.includes(n.kind));
  const files = [...new Set(listed.map((n) => n.file))];
  for (const file of files) {
    lines.push(`  ${c.underline(file)}`);
    const mine = listed.filter((n) => n.file === file).sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
    for (const note of mine) {
      const at = note.line === undefined ? '' : `${note.line}:${note.column ?? 1}`;
      const where = note.path ? `${c.bold(note.path)}: ` : '';
      lines.push(`    ${c.dim(at.padEnd(7))} ${paint(note.kind, c)(LABELS[note.kind].padEnd(9))} ${where}${note.message}`);
      if (note.target) lines.push(`            ${' '.repeat(9)} ${c.dim(`-> ${note.target}`)}`);
      if (note.hint) lines.push(`            ${' '.repeat(9)} ${c.dim(`hint: ${note.hint}`)}`);
    }
  }
  return lines;
}

function conversionLines(conversion: Conversion, c: Colors): string[] {
  const outputs = conversion.outputs.map((o) => o.display).join(', ');
  return [`${c.bold(conversion.source)} (${conversion.from}) -> ${outputs} (${conversion.to})`, ...noteLines(conversion.notes, c)];
}

function problemLines(problems: Problem[], c: Colors): string[] {
  return problems.flatMap((p) => {
    const at = p.line === undefined ? p.file : `${p.file}:${p.line}:${p.column ?? 1}`;
    return [`${c.red('✖')} ${at}: ${p.message}`, ...(p.hint ? [`  hint: ${p.hint}`] : [])];
  });
}

function summaryLine(result: RunResult, c: Colors): string {
  const { plan } = result;
  if (plan.problems.length > 0) return c.red(`✖ nothing was written: ${plan.problems.length} problem${plan.problems.length === 1 ? '' : 's'}`);
  if (plan.conversions.length === 0) return '✔ nothing to convert';
  const notes = counts(plan.conversions.flatMap((x) => x.notes));
  const files = plan.conversions.reduce((n, x) => n + x.outputs.length, 0);
  const parts = [
    `${notes['custom-property']} kept as custom properties`,
    `${notes.dropped} dropped`,
    `${notes.changed} changed`,
    `${notes.defaulted} defaulted`,
    `${notes.invalid} invalid`,
  ];
  const head = result.dryRun
    ? `${plan.conversions.length} converted, ${files} file${files === 1 ? '' : 's'} not written (--dry-run)`
    : `${plan.conversions.length} converted, ${files} file${files === 1 ? '' : 's'} written`;
  const mark = result.exitCode === 0 ? c.green('✔') : c.yellow('!');
  return `${mark} ${head}: ${parts.join(', ')}`;
}

function skippedLines(skipped: Skipped[], c: Colors): string[] {
  return skipped.map((s) => c.dim(`skipped ${s.file}: ${s.reason}`));
}

export function textReport(result: RunResult, color: boolean): string {
  const c = createColors(color);
  const lines = [...skippedLines(result.plan.skipped, c)];
  if (result.plan.problems.length > 0) lines.push(...problemLines(result.plan.problems, c));
  else for (const conversion of result.plan.conversions) lines.push(...conversionLines(conversion, c));
  lines.push(summaryLine(result, c));
  return `${lines.join('\n')}\n`;
}

export function jsonReport(result: RunResult): unknown {
  const { plan } = result;
  const all = plan.conversions.flatMap((x) => x.notes);
  return {
    dryRun: result.dryRun,
    written: result.written,
    conversions: plan.conversions.map((x) => ({
      source: x.source,
      from: x.from,
      to: x.to,
      outputs: x.outputs.map((o) => ({ path: o.display, kind: o.kind, action: o.action, ...(result.diffs ? { diff: result.diffs.get(o.path) ?? '' } : {}) })),
      notes: x.notes,
    })),
    skipped: plan.skipped,
    problems: plan.problems,
    summary: {
      conversions: plan.conversions.length,
      outputs: plan.conversions.reduce((n, x) => n + x.outputs.length, 0),
      notes: counts(all),
      exitCode: result.exitCode,
    },
  };
}
