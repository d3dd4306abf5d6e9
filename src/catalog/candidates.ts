/**
 * From a validation run to publishable candidates: the products that were
 * checked, loaded again for their documents (on several threads for a large
 * mesh), with their validation summary and digest.
 */
import { discover } from '../descriptor/discover.js';
import { displayPath } from '../descriptor/product.js';
import { DpError } from '../errors.js';
import type { ReadOptions, TargetReport, ValidationRun } from '../validate/run.js';
import { loadAll } from './load.js';
import { candidateOf, validationSummary } from './record.js';
import type { Candidate } from './store.js';

export interface CollectOptions extends ReadOptions {
  /** Reports of products not to publish. */
  skip?: ReadonlySet<TargetReport>;
}

export async function collectCandidates(cwd: string, paths: string[], run: ValidationRun, dpVersion: string, options: CollectOptions = {}): Promise<Candidate[]> {
  // validatePaths reports targets in discovery order; discovery is deterministic, so indexes line up.
  const { targets } = discover(cwd, paths);
  if (targets.length !== run.targets.length) throw new DpError('internal', 'the products changed on disk while being published; run again');
  const picked = targets.flatMap((target, i) => (target.kind === 'product' && run.targets[i].kind === 'product' && !options.skip?.has(run.targets[i]) ? [{ target, report: run.targets[i] }] : []));
  const items = picked.map(({ target }) => target as { dir: string; descriptor: string; root: string });
  const loaded = await loadAll(cwd, items, { followExternalLinks: options.followExternalLinks });
  return picked.map(({ target, report }, i) => {
    const source = displayPath(cwd, (target as { dir: string }).dir);
    const product = loaded[i];
    if (!product) throw new DpError('input', `${source}: the descriptor could not be read again; run again`);
    const counts = { errors: 0, warnings: 0, infos: 0, suppressed: report.suppressed };
    for (const f of report.findings) counts[f.severity === 'error' ? 'errors' : f.severity === 'warning' ? 'warnings' : 'infos'] += 1;
    return { ...candidateOf(product.documents, validationSummary(counts, report.findings, dpVersion), source), digest: product.digest };
  });
}
