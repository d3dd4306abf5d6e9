/** A finding is plain data; every command that needs to know whether a product is sound uses these. */
export type Severity = 'error' | 'warning' | 'info';
export type SeverityOrOff = Severity | 'off';

export interface Finding {
  ruleId: string;
  severity: Severity;
  /** Path relative to the working directory, with forward slashes. */
  file: string;
  /** 1-based start position. */
  line: number;
  column: number;
  /** 1-based end position; the end column points just past the last character (as in SARIF). */
  endLine: number;
  endColumn: number;
  message: string;
  hint?: string;
}

export const SEVERITY_RANK: Record<Severity, number> = { info: 1, warning: 2, error: 3 };

export function atLeast(severity: Severity, threshold: Severity): boolean {
  return SEVERITY_RANK[severity] >= SEVERITY_RANK[threshold];
}

export function compareFindings(a: Finding, b: Finding): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.line - b.line || a.column - b.column || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0);
}

export interface Summary {
  products: number;
  files: number;
  errors: number;
  warnings: number;
  infos: number;
  /** Findings hidden by inline suppressions. */
  suppressed: number;
}

export function summarise(findings: Finding[], products: number, files: number, suppressed = 0): Summary {
  let errors = 0;
  let warnings = 0;
  let infos = 0;
  for (const f of findings) {
    if (f.severity === 'error') errors += 1;
    else if (f.severity === 'warning') warnings += 1;
    else infos += 1;
  }
  return { products, files, errors, warnings, infos, suppressed };
}
