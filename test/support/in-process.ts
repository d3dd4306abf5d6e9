/**
 * Running a dp command line inside the test process (src/cli.ts, `run`) with an
 * injected Context: a working directory, an environment and captured output
 * streams. No build and no child process: for reporters and exit codes.
 */
import { Writable } from 'node:stream';
import { run } from '../../src/cli.js';
import type { Context } from '../../src/context.js';

export interface InProcessResult {
  code: number;
  stdout: string;
  stderr: string;
}

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.text += chunk.toString();
    done();
  }
}

export async function runInProcess(args: string[], options: { cwd: string; env?: Record<string, string> }): Promise<InProcessResult> {
  const stdout = new Capture();
  const stderr = new Capture();
  const env: Record<string, string> = { CI: 'true', ...options.env };
  const ctx: Context = { cwd: options.cwd, env, stdout, stderr, json: false, debug: env.DP_DEBUG === '1', color: false, interactive: false };
  const code = await run(['node', 'dp', ...args], ctx);
  return { code, stdout: stdout.text, stderr: stderr.text };
}
