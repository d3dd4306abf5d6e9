/** The default human format: findings grouped by file, then a one-line summary. */
import { createColors } from 'picocolors';
import { terminalSafe } from '../../util/terminal.js';
import type { Finding } from '../../core/finding.js';
import type { Reporter } from './types.js';

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export const stylish: Reporter = (run, { color }) => {
  const c = createColors(color);
  const paint = { error: c.red, warning: c.yellow, info: c.blue } as const;
  const byFile = new Map<string, Finding[]>();
  // Messages echo document content (keys, values) and file names come from the repository.
  for (const f of terminalSafe(run.findings)) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
  const lines: string[] = [];
  for (const [file, findings] of byFile) {
    lines.push(c.underline(file));
    const width = Math.max(...findings.map((f) => `${f.line}:${f.column}`.length));
    for (const f of findings) {
      const at = `${f.line}:${f.column}`.padEnd(width);
      lines.push(`  ${c.dim(at)}  ${paint[f.severity](f.severity.padEnd(7))}  ${f.message}  ${c.dim(f.ruleId)}`);
      if (f.hint) lines.push(`  ${' '.repeat(width)}  ${' '.repeat(7)}  ${c.dim(`hint: ${f.hint}`)}`);
    }
    lines.push('');
  }
  const { errors, warnings, infos, products, files, suppressed } = run.summary;
  const total = errors + warnings + infos;
  const contracts = run.targets.filter((t) => t.kind === 'contract').length;
  const what = [products > 0 ? plural(products, 'product') : '', contracts > 0 ? plural(contracts, 'contract') : ''].filter(Boolean);
  const scope = `${what.length > 0 ? `${what.join(', ')}, ` : ''}${plural(files, 'file')} checked`;
  const hidden = suppressed > 0 ? `, ${suppressed} suppressed` : '';
  if (total === 0) {
    lines.push(c.green(`✔ no problems (${scope}${hidden})`));
  } else {
    const mark = errors > 0 ? c.red(c.bold('✖')) : c.yellow(c.bold('!'));
    lines.push(`${mark} ${plural(total, 'problem')} (${plural(errors, 'error')}, ${plural(warnings, 'warning')}, ${infos} info) in ${scope}${hidden}`);
  }
  return `${lines.join('\n')}\n`;
};
