/**
 * From a validation run to publishable candidates: the products that were
 * checked, loaded again for their documents, with their validation summary.
 */
import { discover } from '../descriptor/discover.js';
import { displayPath, loadProduct } from '../descriptor/product.js';
import { DpError } from '../errors.js';
import type { ValidationRun } from '../validate/run.js';
import { candidateOf, documentsOf, validationSummary } from './record.js';
import type { Candidate } from './store.js';

export function collectCandidates(cwd: string, paths: string[], run: ValidationRun, dpVersion: string): Candidate[] {
  // validatePaths reports targets in discovery order; discovery is deterministic, so indexes line up.
  const { targets } = discover(cwd, paths);
  if (targets.length !== run.targets.length) throw new DpError('internal', 'the products changed on disk while being published; run again');
  const out: Candidate[] = [];
  targets.forEach((target, i) => {
    if (target.kind !== 'product' || run.targets[i].kind !== 'product') return;
    const product = loadProduct(cwd, target.dir, target.descriptor);
    const documents = documentsOf(product);
    const source = displayPath(cwd, target.dir);
    if (!documents) throw new DpError('input', `${source}: the descriptor could not be read again; run again`);
    const report = run.targets[i];
    const counts = { errors: 0, warnings: 0, infos: 0, suppressed: report.suppressed };
    for (const f of report.findings) counts[f.severity === 'error' ? 'errors' : f.severity === 'warning' ? 'warnings' : 'infos'] += 1;
    out.push(candidateOf(documents, validationSummary(counts, report.findings, dpVersion), source));
  });
  return out;
}
