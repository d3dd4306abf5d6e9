/** Running the built `bin/dp.js` as a user would: a child process, CI=true, no stdin, no colours. */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** DP_TEST_BIN points the tests at another build of the same tree (a private one while others rebuild dist/). */
export const DP_BIN = process.env.DP_TEST_BIN ?? fileURLToPath(new URL('../../bin/dp.js', import.meta.url));

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface DpOptions {
  cwd: string;
  env?: Record<string, string>;
  input?: string;
  timeout?: number;
  /** Only for a test that breaks dp on purpose (a loader hook refusing a module): the internal error is the expected result. */
  internalErrorExpected?: boolean;
}

export function dp(args: string[], options: DpOptions): CliResult {
  const result = spawnSync(process.execPath, [DP_BIN, ...args], {
    cwd: options.cwd,
    env: { ...process.env, CI: 'true', NO_COLOR: '1', FORCE_COLOR: '', ...options.env },
    input: options.input ?? '',
    encoding: 'utf8',
    timeout: options.timeout ?? 60_000,
  });
  if (result.error) throw result.error;
  // No test ever expects dp to hit a bug: an internal error fails the test whatever its exit code.
  if (!options.internalErrorExpected && /dp: internal error/.test(result.stderr))
    throw new Error(`dp ${args.join(' ')} hit an internal error:\n${result.stderr}`);
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** No output of dp may carry a stack trace unless --debug was given. */
export function expectNoStack(result: CliResult): void {
  if (/\n\s+at .+\(.+:\d+:\d+\)/.test(result.stderr + result.stdout)) {
    throw new Error(`unexpected stack trace:\n${result.stderr}`);
  }
}

/**
 * Runs dp as an unprivileged user, so that file permissions apply: as root (which reads
 * everything), through `setpriv` as nobody (uid and gid 65534, no supplementary groups);
 * as any other user, directly. The files dp needs must be readable by that user.
 */
export function dpUnprivileged(args: string[], options: DpOptions): CliResult {
  if (process.getuid?.() !== 0) return dp(args, options);
  const result = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, DP_BIN, ...args], {
    cwd: options.cwd,
    env: { ...process.env, HOME: options.cwd, CI: 'true', NO_COLOR: '1', FORCE_COLOR: '', ...options.env },
    input: options.input ?? '',
    encoding: 'utf8',
    timeout: options.timeout ?? 60_000,
  });
  if (result.error) throw new Error(`cannot run dp as nobody with setpriv (util-linux): ${result.error.message}`);
  if (/dp: internal error/.test(result.stderr)) throw new Error(`dp ${args.join(' ')} hit an internal error:\n${result.stderr}`);
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}
