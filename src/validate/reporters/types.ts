import type { Severity } from '../../core/finding.js';
import type { ValidationRun } from '../run.js';

export interface ReportOptions {
  cwd: string;
  color: boolean;
  version: string;
  failSeverity: Severity;
}

export type Reporter = (run: ValidationRun, options: ReportOptions) => string;
