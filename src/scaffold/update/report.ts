/** What dp update, dp add and dp sync tell the user: each file's outcome, the conflicts to resolve, as text or JSON. */
import type { PathSegment } from '../../descriptor/positions.js';
import { unifiedDiff } from '../../util/unified-diff.js';
import { terminalLines, terminalText } from '../../util/terminal.js';
import type { ChangelogEntry } from '../pack-manifest.js';
import type { YamlConflict } from '../merge/yaml-walk.js';
import { readOurs, type MergeAction, type MergeEntry } from './reconcile.js';

export interface FileOutcome {
  path: string;
  action: MergeAction;
  note?: string;
  /** What conflicts, in words. */
  conflicts?: string[];
}

export interface MergeReport {
  command: 'update' | 'add' | 'sync';
  product: string;
  dryRun: boolean;
  template?: { id: string; from: string; to: string };
  changes?: ChangelogEntry[];
  files: FileOutcome[];
  /** Files left with conflicts to resolve. */
  conflicted: string[];
  backup?: string;
  notes: string[];
  /** With --dry-run: the unified diff of every file the run would write. */
  diff?: string;
}

function pathText(path: PathSegment[]): string {
  return path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('') || '(the whole document)';
}

function valueText(value: unknown): string {
  if (value === undefined) return 'removed';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

export function describeConflict(c: YamlConflict): string {
  const base = c.base === undefined ? '' : `, before ${valueText(c.base)}`;
  return `${pathText(c.path)}: yours ${valueText(c.ours)}, new ${valueText(c.theirs)}${base}`;
}

export function outcomes(entries: MergeEntry[]): FileOutcome[] {
  return entries
    .filter((e) => e.action !== 'unchanged' && !(e.action === 'keep' && !e.note))
    .map((e) => {
      const conflicts =
        e.conflicts?.map(describeConflict) ?? (e.blocks ? [`${e.blocks} conflict block${e.blocks === 1 ? '' : 's'} marked in the file`] : undefined);
      return { path: e.path, action: e.action, ...(e.note ? { note: e.note } : {}), ...(conflicts && conflicts.length > 0 ? { conflicts } : {}) };
    });
}

export function conflictedFiles(entries: MergeEntry[]): string[] {
  return entries.filter((e) => e.action === 'conflict' || (e.conflicts?.length ?? 0) > 0).map((e) => e.path);
}

/** The unified diff of each file the merge writes or removes, from what is there now. */
export function mergeDiff(target: string, entries: MergeEntry[]): string {
  return entries
    .filter((e) => e.content !== undefined || e.action === 'remove')
    .map((e) => unifiedDiff({ display: e.path, before: readOurs(target, e.path), text: e.content ?? '' }))
    .join('');
}

const VERB: Record<MergeAction, string> = {
  create: 'create',
  update: 'update',
  merge: 'merge',
  conflict: 'CONFLICT',
  remove: 'remove',
  keep: 'keep',
  unchanged: 'unchanged',
};

function title(report: MergeReport): string {
  const where = report.product === '.' ? 'the current directory' : `${report.product}/`;
  const t = report.template;
  const dry = report.dryRun ? ' (dry run: nothing written)' : '';
  if (report.command === 'update' && t && t.from === t.to) return `${where} is up to date with ${t.id}@${t.to}`;
  if (report.command === 'update' && t) return `${report.dryRun ? 'Plan to update' : 'Updated'} ${where} from ${t.id}@${t.from} to ${t.id}@${t.to}${dry}`;
  if (report.command === 'add') return `${report.dryRun ? 'Plan to add to' : 'Added to'} ${where}${t ? ` through ${t.id}@${t.to}` : ''}${dry}`;
  return `${report.dryRun ? 'Plan to sync' : 'Synced'} the derived files of ${where} with its descriptor and contracts${dry}`;
}

export function formatMergeReport(report: MergeReport): string {
  const lines: string[] = [title(report)];
  for (const entry of report.changes ?? []) for (const change of entry.changes) lines.push(`  ${entry.version}  ${terminalText(change)}`);
  const width = Math.max(0, ...report.files.map((f) => VERB[f.action].length));
  for (const f of report.files) {
    lines.push(`  ${VERB[f.action].padEnd(width)}  ${terminalText(f.path)}${f.note ? `  (${f.note})` : ''}`);
    for (const c of f.conflicts ?? []) lines.push(`  ${' '.repeat(width)}    ${terminalText(c)}`);
  }
  const upToDate = report.command === 'update' && report.template?.from === report.template?.to;
  if (report.files.length === 0 && !upToDate) lines.push('  nothing to change');
  if (report.backup)
    lines.push(`Kept the previous content of the files you had changed in ${report.product === '.' ? '' : `${report.product}/`}${report.backup}/.`);
  if (report.conflicted.length > 0) {
    lines.push(
      `✖ ${report.conflicted.length} file${report.conflicted.length === 1 ? ' has' : 's have'} conflicts${report.dryRun ? ' (a run would leave them marked)' : ''}: resolve the lines between <<<<<<< and >>>>>>> in each, then run dp sync (the derived files follow the resolved contracts) and dp validate.`,
    );
  }
  const text = `${lines.join('\n')}\n`;
  return report.diff ? `${text}\n${terminalLines(report.diff)}` : text;
}
