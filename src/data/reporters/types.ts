import type { TestRun } from '../types.js';

export interface TestReportOptions {
  color: boolean;
  version: string;
}

export type TestReporter = (run: TestRun, options: TestReportOptions) => string;

export const TEST_FORMATS = ['stylish', 'json', 'junit', 'github'] as const;
export type TestFormat = (typeof TEST_FORMATS)[number];

export function portLabel(p: { product?: string; port?: string; contract: string }): string {
  return p.product ? `${p.product}:${p.port ?? '?'}` : p.contract;
}
