/** The text page of one product version: headline, descriptions, ports with their contracts, neighbours. */
import { contractFields } from '../../descriptor/contract-fields.js';
import { isRecord, str } from '../../descriptor/model.js';
import { slaEntries } from '../../descriptor/sla.js';
import { terminalSafe } from '../../util/terminal.js';
import type { Edge, PublishedDocument, VersionRecord } from '../store.js';
import type { StoredRun } from '../runs.js';
import { minute, plural, type Colors } from './text.js';

export interface ProductView {
  record: VersionRecord;
  versionCount: number;
  upstream: Edge[];
  downstream: Edge[];
  /** The latest test run of each output port and server. */
  latestRuns?: StoredRun[];
}

const MARKS: Record<string, string> = { passed: '✔', failed: '✖', error: '!', skipped: '-' };

/** The latest evidence of a port: each server's latest run, its SLA measurements and what failed. */
function evidenceLines(port: string, view: ProductView, c: Colors): string[] {
  const runs = (view.latestRuns ?? []).filter((r) => r.port === port);
  if (runs.length === 0) return [`    evidence: ${c.dim('no test run published (dp test --publish)')}`];
  const lines: string[] = [];
  for (const run of runs) {
    const s = run.summary;
    const status = run.status === 'passed' ? c.green('passing') : c.red(run.status === 'failed' ? 'failing' : 'could not be tested');
    lines.push(
      `    evidence: ${status} on ${run.server} (${run.serverType}), tested ${minute(run.startedAt)} UTC, version ${run.productVersion}: ${plural(s.checks, 'check')}, ${s.passed} passed, ${s.failed} failed (${s.failing} of error severity), ${s.errors} errors, ${s.skipped} not tested`,
    );
    if (run.status === 'error' && run.message) lines.push(`      ${c.red(run.message)}`);
    for (const check of run.checks.filter((x) => x.category === 'sla' && x.status !== 'skipped'))
      lines.push(`      ${MARKS[check.status]} ${check.check}: ${check.message}`);
    for (const check of run.checks.filter((x) => x.category !== 'sla' && (x.status === 'failed' || x.status === 'error'))) {
      lines.push(
        `      ${MARKS[check.status]} ${check.object}${check.field ? `.${check.field}` : ''} ${check.check}: ${check.message}${check.location ? c.dim(` (${check.location.file}:${check.location.line})`) : ''}`,
      );
    }
  }
  return lines;
}

function contractLines(doc: PublishedDocument, c: Colors): string[] {
  const lines: string[] = [];
  const sla = slaEntries(doc.value).map((e) => `${e.name} ${String(e.sla.value)}${e.sla.unit ? ` ${e.sla.unit}` : ''}`);
  if (sla.length > 0) lines.push(`      SLA: ${sla.join(', ')}`);
  for (const f of contractFields(doc.value)) {
    const flags = [f.field.required ? 'required' : '', f.field.primaryKey ? 'primary key' : '', str(f.field.classification) ?? ''].filter(Boolean).join(', ');
    lines.push(`      ${f.qualifiedName}  ${c.dim(str(f.field.logicalType) ?? '?')}${flags ? `  ${c.dim(flags)}` : ''}`);
  }
  return lines;
}

function outputLines(view: ProductView, c: Colors): string[] {
  const byContract = new Map(view.record.documents.contracts.map((d) => [str(d.value.id), d]));
  const lines: string[] = [];
  for (const port of view.record.ports.filter((p) => p.direction === 'output')) {
    lines.push(`  ${c.bold(`${port.name}@${port.version}`)}${port.type ? ` (${port.type})` : ''} contract ${port.contractId ?? 'none'}`);
    const consumers = view.downstream.filter((e) => e.from.port === port.name).map((e) => `${e.to.product} (${e.to.port})`);
    lines.push(`    consumed by: ${consumers.length > 0 ? consumers.join(', ') : c.dim('nobody in the catalog')}`);
    lines.push(...evidenceLines(port.name, view, c));
    const doc = port.contractId ? byContract.get(port.contractId) : undefined;
    if (doc) lines.push(`    ${doc.file}`, ...contractLines(doc, c));
  }
  return lines;
}

function inputLines(view: ProductView): string[] {
  return view.record.ports
    .filter((p) => p.direction === 'input')
    .map((port) => {
      const from = view.upstream.filter((e) => e.to.port === port.name).map((e) => `${e.from.product}:${e.from.port}`);
      return `  ${port.name}@${port.version} from contract ${port.contractId ?? 'none'}${from.length > 0 ? ` (${from.join(', ')})` : ''}`;
    });
}

export function productPage(unsafe: ProductView, c: Colors): string {
  const view = terminalSafe(unsafe);
  const { record } = view;
  const d = record.documents.descriptor.value;
  const description = isRecord(d.description) ? d.description : {};
  const lines = [
    `${c.bold(record.productId)} ${record.version}${record.name ? `  ${record.name}` : ''}`,
    `  domain ${record.domain ?? '-'} · team ${record.team ?? '-'} · status ${record.status ?? '-'}`,
    `  published ${minute(record.publishedAt)} UTC by ${record.publisher} · ${plural(view.versionCount, 'version')} · ${record.digest.slice(0, 23)}…`,
    '',
  ];
  for (const key of ['purpose', 'usage', 'limitations'])
    if (str(description[key])) lines.push(`${key[0].toUpperCase()}${key.slice(1)}: ${str(description[key])}`);
  lines.push('', c.bold('Output ports'), ...outputLines(view, c), '', c.bold('Input ports'), ...inputLines(view));
  const { warnings, infos } = record.validation;
  lines.push('', c.dim(`validated by dp ${record.validation.dpVersion}: ${plural(warnings, 'warning')}, ${plural(infos, 'info')}`));
  return `${lines.join('\n')}\n`;
}
