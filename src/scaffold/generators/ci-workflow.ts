/**
 * .github/workflows/dp-validate.yaml: dp validate on every push and pull request, with annotations and
 * SARIF for code scanning, then dp test of every contract on its development server (the sample data).
 */
import { DP_PACKAGE } from '../../version.js';
import type { ProductModel } from '../model.js';

/**
 * The npm spec that installs the dp that generated the workflow, never another author's package:
 * dp's own package name, at the same major version (for 0.x the same minor, since 0.x minors may
 * break), or exactly this version for a pre-release (ranges skip pre-releases).
 */
export function installSpec(dpVersion: string): string {
  const [core, prerelease] = dpVersion.split('-', 2);
  const [major, minor] = core.split('.');
  if (prerelease !== undefined) return `${DP_PACKAGE}@${dpVersion}`;
  return major === '0' ? `${DP_PACKAGE}@~0.${minor}` : `${DP_PACKAGE}@^${major}`;
}

export function ciWorkflow(p: ProductModel): Record<string, unknown> {
  return {
    name: 'dp validate',
    on: { push: { branches: ['main'] }, pull_request: {} },
    permissions: { contents: 'read', 'security-events': 'write' },
    jobs: {
      validate: {
        'runs-on': 'ubuntu-latest',
        steps: [
          { uses: 'actions/checkout@v4' },
          { uses: 'actions/setup-node@v4', with: { 'node-version': 20 } },
          // The package is dp-cli; the command it installs is `dp`.
          { name: 'Install dp', run: `npm install --global ${installSpec(p.dpVersion)}` },
          {
            name: 'Validate the data product',
            // Annotations on the pull request (stdout) and a SARIF file for code scanning, in one run.
            run: 'dp validate --format github --format sarif --output - --output dp.sarif',
          },
          {
            name: 'Test the contracts against the sample data',
            // The `local` development server of each contract reads data/sample/. Its schema and quality rules hold
            // on every change; SLA ages are left to the real data (a sample dated at generation does not stay fresh).
            run: 'dp test --server local --checks schema,quality --format github',
          },
          {
            name: 'Upload findings to code scanning',
            if: 'always()',
            uses: 'github/codeql-action/upload-sarif@v3',
            with: { sarif_file: 'dp.sarif', category: `dp-${p.id}` },
          },
        ],
      },
    },
  };
}
