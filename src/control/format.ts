/** Terminal output of the control commands: access requests and grants, audit findings, erasure requests and tasks. */
import { day, minute, plural, table, type Colors } from '../catalog/format/text.js';
import { terminalSafe } from '../util/terminal.js';
import type { ContractAccess } from './access/apply.js';
import type { AuditFinding } from './access/audit.js';
import type { AccessRequest } from './access/state.js';
import type { ErasureRequest, ErasureTask } from './erasure/state.js';
import { lastDay } from './dates.js';

const STATE_LABEL: Record<string, string> = { 'pending-second': 'pending (2nd approval)' };

export function stateLabel(state: string): string {
  return STATE_LABEL[state] ?? state;
}

export function accessTable(unsafe: AccessRequest[], c: Colors): string {
  const requests = terminalSafe(unsafe);
  if (requests.length === 0) return 'no access requests\n';
  const rows = requests.map((r) => [r.id, `${r.productId}:${r.port}`, r.role, r.team, stateLabel(r.state), r.until ? lastDay(r.until) : '-', r.purpose ?? '']);
  return `${table(['ID', 'PORT', 'ROLE', 'TEAM', 'STATE', 'UNTIL', 'PURPOSE'], rows, c)}\n${plural(requests.length, 'request')}\n`;
}

/** One request and its history, after a decision. */
export function accessDetail(unsafe: AccessRequest, c: Colors): string {
  const r = terminalSafe(unsafe);
  const head = `${c.bold(r.id)}  ${r.team} -> ${r.productId}:${r.port} (role ${r.role}, ${r.access})  ${c.bold(stateLabel(r.state))}`;
  const until = r.until ? `  grant ends ${minute(r.until)} UTC\n` : '';
  const second = r.levels > 1 ? `  second approval by ${r.secondLevelApprovers.join(' or ')}\n` : '';
  const steps = r.history.map((h) => `  ${minute(h.at)}  ${h.type}${h.level ? ` (level ${h.level})` : ''} by ${h.actor}${h.reason ? `: ${h.reason}` : ''}`);
  return `${head}\n${until}${second}${steps.join('\n')}\n`;
}

export function auditLines(unsafe: AuditFinding[], c: Colors): string {
  const findings = terminalSafe(unsafe);
  if (findings.length === 0) return `${c.green('✔')} no access finding\n`;
  return `${findings.map((f) => `${c.yellow('⚠')} ${f.productId}:${f.port}  ${f.message}  ${c.dim(f.check)}`).join('\n')}\n${plural(findings.length, 'finding')}\n`;
}

const TASK_MARK: Record<string, (c: Colors) => string> = { done: (c) => c.green('✔'), pending: (c) => c.yellow('…'), overdue: (c) => c.red('✖') };

export function taskLine(t: ErasureTask, c: Colors): string {
  const what = t.objects.map((o) => `${o.object}(${o.columns.join(', ')})`).join(', ');
  const via = t.via.length > 0 ? ` downstream of ${t.via.join(', ')}` : '';
  const erased = t.erased.length > 0 ? `; ${t.erased.reduce((n, e) => n + e.rows, 0)} rows erased` : '';
  const done = t.confirmation ? `; confirmed: ${t.confirmation.note}` : erased;
  return `  ${TASK_MARK[t.status](c)} ${t.status.padEnd(7)} ${t.productId} (${t.team ?? 'no team'})  ${what}${via}${done}  ${c.dim(`due ${day(t.deadline)}`)}`;
}

/** A request and its tasks (at most `limit` of them, overdue and pending first). */
export function erasureDetail(unsafe: ErasureRequest, c: Colors, limit = Number.POSITIVE_INFINITY): string {
  const order = { overdue: 0, pending: 1, done: 2 };
  const shown = unsafe.tasks.length <= limit ? unsafe.tasks : [...unsafe.tasks].sort((a, b) => order[a.status] - order[b.status]).slice(0, limit);
  const r = { ...terminalSafe({ ...unsafe, tasks: [] }), tasks: terminalSafe(shown) };
  const counts = ['done', 'pending', 'overdue'].map((s) => `${unsafe.tasks.filter((t) => t.status === s).length} ${s}`).join(', ');
  const state = r.closedAt ? `closed ${minute(r.closedAt)} UTC (identifier forgotten)` : 'open';
  const hash = r.subjectHash ? `  subject: ${r.kind} (sha256 ${r.subjectHash.slice(0, 16)}…, salted)\n` : `  subject: ${r.kind}\n`;
  const more = unsafe.tasks.length > shown.length ? `\n  … and ${unsafe.tasks.length - shown.length} more (dp erase status ${r.id} lists them all)` : '';
  return `${c.bold(r.id)}  ${state}  requested ${minute(r.requestedAt)} UTC by ${r.requestedBy}\n${hash}  reason: ${r.reason}\n  tasks: ${counts}\n${r.tasks.map((t) => taskLine(t, c)).join('\n')}${more}\n`;
}

export function erasureTable(unsafe: ErasureRequest[], c: Colors): string {
  const requests = terminalSafe(unsafe);
  if (requests.length === 0) return 'no erasure requests\n';
  const rows = requests.map((r) => [
    r.id,
    r.kind,
    minute(r.requestedAt),
    r.closedAt ? 'closed' : 'open',
    ...['done', 'pending', 'overdue'].map((s) => String(r.tasks.filter((t) => t.status === s).length)),
  ]);
  return `${table(['ID', 'KIND', 'REQUESTED (UTC)', 'STATE', 'DONE', 'PENDING', 'OVERDUE'], rows, c)}\n`;
}

/** What `dp access apply` would run or ran, per contract. */
export function accessPlanText(targets: ContractAccess[], server: string, c: Colors): string {
  const lines: string[] = [];
  for (const t of terminalSafe(
    targets.map((x) => ({
      contractId: x.contractId,
      type: String(x.server.type),
      enforced: x.enforced,
      statements: x.plan?.statements ?? [],
      unmanaged: x.plan?.unmanaged ?? [],
      unmapped: x.unmapped,
      grants: x.grants.length,
    })),
  )) {
    lines.push(`${c.bold(t.contractId)} on server ${server} (${t.type}): ${plural(t.grants, 'live grant')}`);
    if (!t.enforced) lines.push(`  ${c.yellow('!')} ${t.type} has no roles: dp does not apply grants there; on PostgreSQL it would run:`);
    for (const s of t.statements) lines.push(`  ${s.sql};  ${c.dim(`-- ${s.why}`)}`);
    if (t.enforced && t.statements.length === 0) lines.push(`  ${c.green('✔')} the server already matches the catalog`);
    for (const u of t.unmanaged) lines.push(`  ${c.dim(`${u.member} is a member of ${u.role} without a grant in the catalog (left as it is)`)}`);
    for (const u of t.unmapped) lines.push(`  ${c.dim(`role ${u}: dp maps only read and write access to privileges`)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Rows counted or deleted, per object. */
export function countLines(unsafe: Array<{ label: string; rows?: number; relation?: string }>, verb: string): string {
  return terminalSafe(unsafe)
    .map((w) => `  ${w.label}: ${plural(w.rows ?? 0, 'row')} ${verb}${w.relation ? ` (${w.relation})` : ''}`)
    .join('\n');
}
