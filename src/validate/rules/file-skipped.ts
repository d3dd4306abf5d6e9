import type { Skipped } from '../../descriptor/peek.js';
import { LineIndex } from '../../descriptor/yaml/ast.js';
import type { SourceFile } from '../../descriptor/source.js';
import { defineRule, type Report } from '../rule.js';

/** A stand-in for a file dp did not read, so that a finding can name it. */
function unread(skipped: Skipped & { display: string }): SourceFile {
  return { path: skipped.path, display: skipped.display, text: '', lines: new LineIndex(''), problems: [] };
}

/** The finding of a skipped file, inside a product or found by a directory walk. */
export function skippedReport(skipped: Skipped & { display: string }): Report & { file: SourceFile } {
  return {
    file: unread(skipped),
    span: { line: 1, column: 1, endLine: 1, endColumn: 1 },
    message: `not checked: the file ${skipped.what}`,
    hint: skipped.hint,
  };
}

export default defineRule({
  id: 'file-skipped',
  description:
    'Files that look like contracts or descriptors but are not checked (named otherwise, another format, a nested product) are named, with the reason.',
  help: 'In a directory, dp checks `*.odps.yaml` descriptors and `*.odcs.yaml` contracts; other YAML and JSON files are only peeked at. One that looks like an ODCS contract, an ODPS descriptor, a Data Contract Specification or a DPDS file would otherwise be ignored in silence: rename it, convert it with `dp convert`, or pass it to dp validate by name.',
  category: 'structure',
  basis: 'dp',
  severity: 'warning',
  scope: 'product',
  check({ product, report }) {
    for (const skipped of product?.skipped ?? []) report(skippedReport(skipped));
  },
});
