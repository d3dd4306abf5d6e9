/**
 * `dp catalog serve --workers N`: N server processes sharing one port (node's
 * cluster module), to use several cores. The workers are ordinary catalog
 * servers (they share nothing but the database, as separate instances do);
 * the primary starts them, says `listening on` once they all are, replaces
 * one that dies, and on SIGTERM or SIGINT stops them all gracefully.
 *
 * A replacement starts after a pause that doubles with each worker that died
 * before it was listening (a database gone, a broken file: restarting at once
 * would spin), and the primary gives up, stopping the others and exiting 2,
 * once replacements have died at start MAX_START_CRASHES times in a row.
 */
import cluster, { type Worker } from 'node:cluster';

export interface WorkerMessage {
  dpServe: 'listening' | 'failed';
  url?: string;
  message?: string;
}

/** Replacements that die before listening, in a row, before the primary gives up. */
export const MAX_START_CRASHES = 5;
const FIRST_PAUSE_MS = 250;
const LONGEST_PAUSE_MS = 30_000;

export const isServeWorker = (): boolean => cluster.isWorker;

/** In a worker: tell the primary the server is listening (or could not start). */
export function reportToPrimary(message: WorkerMessage): void {
  process.send?.(message);
}

function waitForListening(worker: Worker): Promise<string> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: WorkerMessage) => {
      if (m?.dpServe === 'listening') resolve(m.url!);
      else if (m?.dpServe === 'failed') reject(new Error(m.message));
    };
    worker.on('message', onMessage);
    worker.once('exit', (code, signal) => reject(new Error(`a server worker exited (${signal ?? `code ${code}`}) while starting`)));
  });
}

/** The pause before starting a replacement, after `crashes` replacements in a row died at start. */
export function restartPause(crashes: number): number {
  return crashes === 0 ? 0 : Math.min(LONGEST_PAUSE_MS, FIRST_PAUSE_MS * 2 ** (crashes - 1));
}

/** Stops every worker with SIGTERM; resolves once all exited. */
function stopAll(): Promise<void> {
  const alive = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);
  return Promise.all(alive.map((w) => new Promise<void>((resolve) => (w.once('exit', () => resolve()), w.process.kill('SIGTERM'))))).then(() => undefined);
}

/**
 * Starts `count` workers; resolves with the URL and a promise of the exit code
 * that settles after a signal stopped every worker (0), or once the primary
 * gave up replacing workers that kept dying at start (2).
 */
export async function startWorkers(count: number, log: (line: string) => void): Promise<{ url: string; stopped: Promise<number> }> {
  let stopping = false;
  let failed = false;
  let crashes = 0;
  let finish!: (code: number) => void;
  const stopped = new Promise<number>((resolve) => (finish = resolve));
  const giveUp = (why: string) => {
    if (stopping) return;
    stopping = true;
    log(`dp: server workers died at start ${crashes} times in a row (last: ${why}); giving up, stopping the others`);
    void stopAll().then(() => finish(2));
  };
  const replace = (pid: number | undefined, how: string) => {
    const pause = restartPause(crashes);
    log(`dp: server worker ${pid} died (${how}); starting another${pause > 0 ? ` in ${pause} ms` : ''}`);
    setTimeout(() => {
      if (stopping) return;
      const replacement = fork();
      waitForListening(replacement).then(
        () => (crashes = 0),
        (error: Error) => {
          crashes += 1;
          if (crashes >= MAX_START_CRASHES) giveUp(error.message);
        },
      );
    }, pause);
  };
  const fork = (): Worker => {
    const worker = cluster.fork();
    worker.once('exit', (code, signal) => {
      if (stopping) {
        if (code !== 0) failed = true;
        return;
      }
      replace(worker.process.pid, signal ?? `exit ${code}`);
    });
    return worker;
  };
  const first = Array.from({ length: count }, fork);
  let url: string;
  try {
    [url] = await Promise.all(first.map(waitForListening));
  } catch (error) {
    stopping = true;
    for (const w of Object.values(cluster.workers ?? {})) w?.kill('SIGTERM');
    throw error;
  }
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log(`dp: ${signal} received, stopping ${count} workers`);
    void stopAll().then(() => finish(failed ? 2 : 0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  return { url, stopped };
}
