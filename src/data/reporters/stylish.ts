/**
 * The human format: per port, each check with its verdict, measured value and
 * threshold, the contract line of its rule, and sample rows under failures;
 * then a one-line summary. Everything taken from data or contracts is made safe
 * for the terminal.
 */
import { createColors } from 'picocolors';
import { terminalText } from '../../util/terminal.js';
import { MASK } from '../samples.js';
import type { CheckResult, PortRun, Samples, Status } from '../types.js';
import { portLabel, type TestReporter } from './types.js';

type Colors = ReturnType<typeof createColors>;

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

function mark(c: Colors, r: { status: Status; severity?: string }): string {
  if (r.status === 'passed') return c.green('✔');
  if (r.status === 'skipped') return c.dim('-');
  if (r.status === 'error') return c.magenta('!');
  return r.severity === undefined || r.severity === 'error' ? c.red('✖') : r.severity === 'warning' ? c.yellow('⚠') : c.blue('i');
}

function sampleLines(c: Colors, samples: Samples): string[] {
  if (samples.rows.length === 0) return [];
  const cells = [samples.columns, ...samples.rows.map((row) => row.map((v) => (v === null ? 'NULL' : typeof v === 'string' ? v : JSON.stringify(v))))].map(
    (row) => row.map((v) => terminalText(String(v)).slice(0, 60)),
  );
  const widths = samples.columns.map((_, i) => Math.max(...cells.map((r) => r[i]?.length ?? 0)));
  const lines = cells.map((row, i) => {
    const text = row
      .map((v, j) => v.padEnd(widths[j]))
      .join('  ')
      .trimEnd();
    return `        ${i === 0 ? c.dim(text) : text}`;
  });
  if (samples.rows.some((row) => row.includes(MASK))) lines.push(`        ${c.dim(`(${samples.masked.join(', ')} masked; --show-restricted shows them)`)}`);
  return lines;
}

function checkLine(c: Colors, r: CheckResult): string[] {
  const what = terminalText([r.field, r.check].filter(Boolean).join(' '));
  const where = c.dim(`${r.location.file}:${r.location.line}:${r.location.column}`);
  const severity = r.status === 'failed' && r.severity !== 'error' ? c.dim(` (${r.severity})`) : '';
  const promise = r.status === 'passed' ? '' : c.dim(` [${terminalText(r.expected)}]`);
  const lines = [`    ${mark(c, r)} ${what.padEnd(30)} ${terminalText(r.message)}${severity}${promise}  ${where}`];
  if (r.status === 'failed' && r.samples) lines.push(...sampleLines(c, r.samples));
  return lines;
}

function portBlock(c: Colors, port: PortRun, results: CheckResult[]): string[] {
  const server = port.server ? `  server ${terminalText(port.server)} (${terminalText(String(port.serverType))}, ${port.serverReason})` : '';
  const lines = [`${mark(c, port)} ${c.bold(terminalText(portLabel(port)))}  ${c.dim(terminalText(port.contractFile))}${server}`];
  if ((port.status === 'error' || port.status === 'skipped') && results.length === 0) lines.push(`    ${terminalText(port.message ?? '')}`);
  const objects = [...new Set(results.map((r) => r.object))];
  for (const object of objects) {
    const rows = port.objects?.find((o) => o.object === object)?.rows;
    lines.push(
      `  ${c.underline(terminalText(object || '(contract)'))}${rows === undefined ? '' : c.dim(` ${rows.toLocaleString('en-US')} row${rows === 1 ? '' : 's'}`)}`,
    );
    for (const r of results.filter((x) => x.object === object)) lines.push(...checkLine(c, r));
  }
  lines.push('');
  return lines;
}

export const stylish: TestReporter = (run, { color }) => {
  const c = createColors(color);
  const lines: string[] = [];
  for (const port of run.ports) {
    const results = run.results.filter((r) => r.contract === port.contract && r.port === port.port && r.product === port.product);
    lines.push(...portBlock(c, port, results));
  }
  const s = run.summary;
  const seconds = ((Date.parse(run.finishedAt) - Date.parse(run.startedAt)) / 1000).toFixed(1);
  const counts = `${s.passed} passed, ${s.failed} failed, ${plural(s.errors, 'error')}, ${s.skipped} skipped`;
  const scope = `${plural(s.checks, 'check')} of ${plural(s.ports, 'port')} in ${seconds} s${run.since ? `, rows since ${run.since}` : ''}`;
  const head = s.errors > 0 ? c.magenta(c.bold('!')) : s.failing > 0 ? c.red(c.bold('✖')) : c.green('✔');
  lines.push(`${head} ${counts} (${scope})`);
  return `${lines.join('\n')}\n`;
};
