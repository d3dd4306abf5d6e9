/**
 * A unified diff of one file, as git writes them (`--- a/<path>`, `+++ b/<path>`, `/dev/null` for
 * a new file, an empty text for a removed one), so a dry run can be reviewed, or applied with
 * `git apply`. Used by `dp convert --dry-run` and by the merging commands' `--dry-run`.
 */
import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';

export interface DiffedFile {
  /** The path shown (relative, forward slashes). */
  display: string;
  /** What the file holds now; undefined when it does not exist yet. */
  before?: string;
  text: string;
}

/** The text with its own line ends made `\n`, so a file written with CRLF does not differ on every line. */
function normalised(text: string): string {
  return text.replace(/\r\n/g, '\n');
}

export function unifiedDiff(file: DiffedFile): string {
  const before = file.before === undefined ? undefined : normalised(file.before);
  const after = normalised(file.text);
  if (before === after) return '';
  const from = before === undefined ? '/dev/null' : `a/${file.display}`;
  const patch = createTwoFilesPatch(from, `b/${file.display}`, before ?? '', after, '', '', { context: 3, headerOptions: FILE_HEADERS_ONLY });
  const header = `diff --git a/${file.display} b/${file.display}\n${before === undefined ? 'new file mode 100644\n' : ''}`;
  return header + patch;
}
