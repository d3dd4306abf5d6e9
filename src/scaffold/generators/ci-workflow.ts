/** .github/workflows/dp-validate.yaml: dp validate on every push and pull request, with annotations and SARIF for code scanning. */
import type { ProductModel } from '../model.js';

export function ciWorkflow(p: ProductModel): Record<string, unknown> {
  const major = p.dpVersion.split('.')[0];
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
          { name: 'Install dp', run: `npm install --global dp@^${major === '0' ? p.dpVersion : `${major}.0.0`}` },
          {
            name: 'Validate the data product',
            // Annotations on the pull request (stdout) and a SARIF file for code scanning, in one run.
            run: 'dp validate --format github --format sarif --output - --output dp.sarif',
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
