/**
 * `--dry-run` output: a unified diff per output file, as git writes them
 * (`--- a/<path>`, `+++ b/<path>`, `/dev/null` for a new file), so the run can
 * be reviewed, or applied with `git apply`.
 */
import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';
import type { OutputFile } from './types.js';

/** The source text of an in-place conversion, with its own line ends. */
function normalised(text: string): string {
  return text.replace(/\r\n/g, '\n');
}

export function unifiedDiff(output: Pick<OutputFile, 'display' | 'before' | 'text'>): string {
  const before = output.before === undefined ? undefined : normalised(output.before);
  const after = normalised(output.text);
  if (before === after) return '';
  const from = before === undefined ? '/dev/null' : `a/${output.display}`;
  const patch = createTwoFilesPatch(from, `b/${output.display}`, before ?? '', after, '', '', { context: 3, headerOptions: FILE_HEADERS_ONLY });
  const header = `diff --git a/${output.display} b/${output.display}\n${before === undefined ? 'new file mode 100644\n' : ''}`;
  return header + patch;
}
