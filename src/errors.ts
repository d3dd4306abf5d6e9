/**
 * The error vocabulary of dp. Every failure that should reach the user is a
 * DpError whose `type` decides the exit code; only src/cli.ts turns it into one.
 */
export type DpErrorType =
  | 'usage' // bad flags or arguments
  | 'config' // a configuration, policy or template file is wrong
  | 'input' // a file the user pointed at cannot be used
  | 'connection' // a catalog or server cannot be reached
  | 'storage' // the catalog's storage cannot take a write (disk full, I/O error)
  | 'refused' // the operation was refused for a reason the user can fix (publish)
  | 'findings' // validation findings at or above the fail severity
  | 'interrupted' // Ctrl-C
  | 'internal'; // a bug in dp

export const EXIT_CODES: Record<DpErrorType, number> = {
  usage: 2,
  config: 2,
  input: 2,
  connection: 2,
  storage: 2,
  internal: 2,
  refused: 1,
  findings: 1,
  interrupted: 130,
};

export interface Location {
  file: string;
  line?: number;
  column?: number;
}

export class DpError extends Error {
  readonly type: DpErrorType;
  readonly hint?: string;
  readonly location?: Location;
  /** Extra data for --json output (for example a list of missing flags). */
  readonly details?: unknown;

  constructor(type: DpErrorType, message: string, options: { hint?: string; location?: Location; details?: unknown; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DpError';
    this.type = type;
    this.hint = options.hint;
    this.location = options.location;
    this.details = options.details;
  }

  get exitCode(): number {
    return EXIT_CODES[this.type];
  }
}

/** Thrown when the command already printed what went wrong and only the exit code is left. */
export class ExitError extends Error {
  constructor(readonly exitCode: number) {
    super(`exit ${exitCode}`);
    this.name = 'ExitError';
  }
}

export const usageError = (message: string, hint?: string): DpError => new DpError('usage', message, { hint });
export const configError = (message: string, location?: Location, hint?: string): DpError => new DpError('config', message, { location, hint });

export function formatLocation(loc: Location): string {
  if (loc.line === undefined) return loc.file;
  return loc.column === undefined ? `${loc.file}:${loc.line}` : `${loc.file}:${loc.line}:${loc.column}`;
}
