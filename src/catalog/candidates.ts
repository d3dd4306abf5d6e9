/**
 * From a validation run to publishable candidates: the products that were
 * checked, with the documents validation read (each file is read once, by
 * the threads of the validation run), their validation summary and digest.
 */
import { DpError } from '../errors.js';
import type { TargetReport, ValidationRun } from '../validate/run.js';
import { digestOf } from './canonical.js';
import { candidateOf, validationSummary } from './record.js';
import type { Candidate } from './store.js';

export interface CollectOptions {
  /** Reports of products not to publish. */
  skip?: ReadonlySet<TargetReport>;
}

/** The candidates of a run made with `publishing: true` (which keeps each product's documents). */
export function collectCandidates(run: ValidationRun, dpVersion: string, options: CollectOptions = {}): Candidate[] {
  const picked = run.targets.filter((report) => report.kind === 'product' && !options.skip?.has(report));
  return picked.map((report) => {
    if (!report.documents) throw new DpError('internal', `${report.path}: the product's documents were not kept by validation`);
    const counts = { errors: 0, warnings: 0, infos: 0, suppressed: report.suppressed };
    for (const f of report.findings) counts[f.severity === 'error' ? 'errors' : f.severity === 'warning' ? 'warnings' : 'infos'] += 1;
    const candidate = candidateOf(report.documents, validationSummary(counts, report.findings, dpVersion), report.path);
    return { ...candidate, digest: digestOf(report.documents) };
  });
}
