/**
 * `--dry-run` output: a unified diff per output file, as git writes them
 * (`--- a/<path>`, `+++ b/<path>`, `/dev/null` for a new file), so the run can
 * be reviewed, or applied with `git apply` (src/util/unified-diff.ts).
 */
export { unifiedDiff } from '../util/unified-diff.js';
