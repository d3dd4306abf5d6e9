/** A validation thread: claims batches of targets from the shared counter and sends back the reports. */
import { parentPort, workerData } from 'node:worker_threads';
import type { Target } from '../descriptor/discover.js';
import { DpError } from '../errors.js';
import { PolicyResolver } from './policies/resolve.js';
import { drain, targetDir, type ReadOptions, type TargetReport } from './run.js';

interface Input {
  targets: Target[];
  counter: Int32Array;
  cwd: string;
  policiesPath?: string;
  configPath?: string;
  read: ReadOptions;
}

const input = workerData as Input;
const out = new Map<number, TargetReport>();
try {
  const resolver = new PolicyResolver(input);
  await resolver.prepare(input.targets.map(targetDir));
  await drain(input.targets, input.counter, resolver, input.cwd, out, input.read);
  parentPort!.postMessage({ reports: [...out] });
} catch (error) {
  if (!(error instanceof DpError)) throw error;
  parentPort!.postMessage({ error: { type: error.type, message: error.message, hint: error.hint, location: error.location } });
}
