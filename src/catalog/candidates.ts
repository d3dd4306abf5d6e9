/**
 * From a validation run to publishable candidates: the products that were
 * checked, loaded again for their documents (on several threads for a large
 * mesh), with their validation summary and digest.
 */
import { dirname } from 'node:path';
import { discover, type Target } from '../descriptor/discover.js';
import { displayPath } from '../descriptor/product.js';
import { DpError } from '../errors.js';
import type { ReadOptions, TargetReport, ValidationRun } from '../validate/run.js';
import { loadAll, type LoadItem } from './load.js';
import { candidateOf, validationSummary } from './record.js';
import type { Candidate } from './store.js';

export interface CollectOptions extends ReadOptions {
  /** Reports of products not to publish. */
  skip?: ReadonlySet<TargetReport>;
}

/** What to load again for a target that was checked as a product (a directory, or a descriptor given by name). */
function itemOf(target: Target): LoadItem | undefined {
  if (target.kind === 'product') return { dir: target.dir, descriptor: target.descriptor, root: target.root, shared: target.shared };
  if (target.kind === 'file') return { dir: dirname(target.path), descriptor: target.path, root: target.root };
  return undefined;
}

export async function collectCandidates(cwd: string, paths: string[], run: ValidationRun, dpVersion: string, options: CollectOptions = {}): Promise<Candidate[]> {
  // validatePaths reports targets in discovery order; discovery is deterministic, so indexes line up.
  const { targets } = discover(cwd, paths);
  if (targets.length !== run.targets.length) throw new DpError('internal', 'the products changed on disk while being published; run again');
  const picked = targets.flatMap((target, i) => {
    const item = itemOf(target);
    return item && run.targets[i].kind === 'product' && !options.skip?.has(run.targets[i]) ? [{ item, report: run.targets[i] }] : [];
  });
  const loaded = await loadAll(cwd, picked.map(({ item }) => item), { followExternalLinks: options.followExternalLinks });
  return picked.map(({ item, report }, i) => {
    const source = displayPath(cwd, item.dir);
    const product = loaded[i];
    if (!product) throw new DpError('input', `${source}: the descriptor could not be read again; run again`);
    const counts = { errors: 0, warnings: 0, infos: 0, suppressed: report.suppressed };
    for (const f of report.findings) counts[f.severity === 'error' ? 'errors' : f.severity === 'warning' ? 'warnings' : 'infos'] += 1;
    return { ...candidateOf(product.documents, validationSummary(counts, report.findings, dpVersion), source), digest: product.digest };
  });
}
