/** Running the validation engine in-process on fixtures. */
import { validatePaths, type ValidationRun } from '../../src/validate/run.js';
import { tempDir, writeProduct, type ProductFixture } from './product.js';

export interface Checked extends ValidationRun {
  dir: string;
  ids: string[];
}

const cleanups: Array<() => void> = [];

export function cleanupAll(): void {
  while (cleanups.length > 0) cleanups.pop()!();
}

export async function check(
  product: ProductFixture,
  raw: Parameters<typeof writeProduct>[2] = {},
  extra: { policies?: string; publishing?: boolean } = {},
): Promise<Checked> {
  const t = tempDir();
  cleanups.push(t.cleanup);
  writeProduct(t.dir, product, raw);
  const run = await validatePaths({ cwd: t.dir, paths: ['.'], policiesPath: extra.policies, publishing: extra.publishing, jobs: 1 });
  return { ...run, dir: t.dir, ids: run.findings.map((f) => f.ruleId) };
}
