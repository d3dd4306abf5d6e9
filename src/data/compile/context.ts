/** What every part of compiling a contract shares: the file (for positions), the time of the run, and helpers. */
import { locate, type PathSegment } from '../../descriptor/positions.js';
import type { SourceFile } from '../../descriptor/source.js';
import type { Severity } from '../../core/finding.js';
import type { RuleLocation } from '../types.js';

export interface CompileOptions {
  /** The instant the run started (epoch milliseconds); ages and cutoffs are measured from it. */
  now: number;
  /** Only rows newer than this instant are tested (epoch milliseconds). */
  since?: number;
  /** Regular expressions of names that are personal data (the personal-data policy), case-insensitive. */
  personalPatterns: RegExp[];
}

export interface CompileContext extends CompileOptions {
  file: SourceFile;
}

export function at(ctx: CompileContext, path: readonly PathSegment[]): RuleLocation {
  return { file: ctx.file.display, ...locate(ctx.file, path) };
}

const ERROR = /^(error|critical|blocker|high|major|fatal)$/i;
const WARNING = /^(warn|warning|medium|minor|moderate)$/i;
const INFO = /^(info|information|informational|low|notice|trivial)$/i;

/** The severity a rule declares (ODCS leaves the words open); error when it declares none. */
export function severityOf(value: unknown): Severity {
  if (typeof value !== 'string') return 'error';
  if (WARNING.test(value.trim())) return 'warning';
  if (INFO.test(value.trim())) return 'info';
  if (ERROR.test(value.trim())) return 'error';
  return 'error';
}
