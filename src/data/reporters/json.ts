/** One JSON document, documented in docs/test.md and kept stable: the summary, each port, each check. */
import type { TestReporter } from './types.js';

export const json: TestReporter = (run, { version }) => `${JSON.stringify({ tool: 'dp', version, ...run }, null, 2)}\n`;
