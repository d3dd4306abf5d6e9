/** GitHub Actions annotations on the contract line of each failing or broken check. */
import { terminalLines } from '../../util/terminal.js';
import { escapeData, escapeProperty } from '../../validate/reporters/github.js';
import type { CheckResult } from '../types.js';
import { portLabel, type TestReporter } from './types.js';

const LEVEL = { error: 'error', warning: 'warning', info: 'notice' } as const;

function annotation(r: CheckResult): string {
  const { file, line, column, endLine, endColumn } = r.location;
  const what = [r.object, r.field].filter(Boolean).join('.');
  const props = [
    `file=${escapeProperty(file)}`,
    `line=${line}`,
    `col=${column}`,
    `endLine=${endLine}`,
    `endColumn=${endColumn}`,
    `title=${escapeProperty(`dp test ${r.check}${what ? ` ${what}` : ''}`)}`,
  ].join(',');
  const level = r.status === 'error' ? 'error' : LEVEL[r.severity];
  // Control characters from data or contracts are shown, not passed to the log viewer; newlines stay (escaped) as line breaks.
  const text = terminalLines(`${portLabel(r)}: ${r.status === 'error' ? '' : `${r.expected}: `}${r.message}`);
  return `::${level} ${props}::${escapeData(text)}`;
}

export const github: TestReporter = (run) => {
  const lines = run.results.filter((r) => r.status === 'failed' || r.status === 'error').map(annotation);
  for (const port of run.ports.filter((p) => p.status === 'error' && p.message)) {
    lines.push(
      `::error ${port.contractFile ? `file=${escapeProperty(port.contractFile)},` : ''}title=${escapeProperty(`dp test ${portLabel(port)}`)}::${escapeData(port.message!)}`,
    );
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
};
