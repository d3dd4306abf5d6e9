import type { Writable } from 'node:stream';

/**
 * Everything a command needs from the outside world, injected so that tests
 * can replace it: where it runs, where it writes, and how it should talk.
 */
export interface Context {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: Writable;
  stderr: Writable;
  /** Print one machine-readable JSON document on stdout instead of text. */
  json: boolean;
  /** Show stack traces and internal details. */
  debug: boolean;
  /** Colours on stderr/stdout (off with NO_COLOR, off when not a TTY). */
  color: boolean;
  /** Prompts are allowed: stdin is a TTY and CI is unset. */
  interactive: boolean;
}

export interface GlobalOptions {
  json?: boolean;
  debug?: boolean;
  color?: boolean;
}

export function isCI(env: NodeJS.ProcessEnv): boolean {
  const ci = env.CI;
  return ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false';
}

export function createContext(globals: GlobalOptions, proc: NodeJS.Process = process): Context {
  const env = proc.env;
  const noColor = env.NO_COLOR !== undefined && env.NO_COLOR !== '';
  const stdoutTTY = Boolean((proc.stdout as { isTTY?: boolean }).isTTY);
  const color = globals.color === false || noColor ? false : env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' ? true : stdoutTTY;
  return {
    cwd: proc.cwd(),
    env,
    stdout: proc.stdout,
    stderr: proc.stderr,
    json: Boolean(globals.json),
    debug: Boolean(globals.debug) || env.DP_DEBUG === '1',
    color,
    interactive: Boolean(proc.stdin.isTTY) && !isCI(env),
  };
}

/** Write a line of results (stdout). */
export function out(ctx: Context, text: string): void {
  ctx.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

/** Write a line of progress or diagnostics (stderr). */
export function log(ctx: Context, text: string): void {
  ctx.stderr.write(text.endsWith('\n') ? text : `${text}\n`);
}

export function printJson(ctx: Context, value: unknown): void {
  ctx.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
