/** GitHub Actions workflow commands: one annotation per finding, shown inline on the pull request. */
import { terminalSafe } from '../../util/terminal.js';
import type { Reporter } from './types.js';

const LEVEL = { error: 'error', warning: 'warning', info: 'notice' } as const;

export const escapeData = (s: string): string => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
export const escapeProperty = (s: string): string => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

export const github: Reporter = (run) => {
  // The log shows annotations as terminal text too: no escape sequence from a document reaches it.
  const lines = terminalSafe(run.findings).map((f) => {
    const props = [
      `file=${escapeProperty(f.file)}`,
      `line=${f.line}`,
      `col=${f.column}`,
      `endLine=${f.endLine}`,
      `endColumn=${f.endColumn}`,
      `title=${escapeProperty(`dp ${f.ruleId}`)}`,
    ].join(',');
    const message = f.hint ? `${f.message}\nhint: ${f.hint}` : f.message;
    return `::${LEVEL[f.severity]} ${props}::${escapeData(message)}`;
  });
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
};
