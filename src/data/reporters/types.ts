import type { TestRun } from '../types.js';

export interface TestReportOptions {
  color: boolean;
  version: string;
}

export type TestReporter = (run: TestRun, options: TestReportOptions) => string;

export const TEST_FORMATS = ['stylish', 'json', 'junit', 'github'] as const;
export type TestFormat = (typeof TEST_FORMATS)[number];

export async function loadTestReporter(format: TestFormat): Promise<TestReporter> {
  switch (format) {
    case 'stylish':
      return (await import('./stylish.js')).stylish;
    case 'json':
      return (await import('./json.js')).json;
    case 'junit':
      return (await import('./junit.js')).junit;
    case 'github':
      return (await import('./github.js')).github;
  }
}

export function portLabel(p: { product?: string; port?: string; contract: string }): string {
  return p.product ? `${p.product}:${p.port ?? '?'}` : p.contract;
}
