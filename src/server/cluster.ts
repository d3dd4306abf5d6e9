/**
 * `dp catalog serve --workers N`: N server processes sharing one port (node's
 * cluster module), to use several cores. The workers are ordinary catalog
 * servers (they share nothing but the database, as separate instances do);
 * the primary starts them, says `listening on` once they all are, restarts one
 * that dies, and on SIGTERM or SIGINT stops them all gracefully.
 */
import cluster, { type Worker } from 'node:cluster';

export interface WorkerMessage {
  dpServe: 'listening' | 'failed';
  url?: string;
  message?: string;
}

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
    worker.once('exit', (code) => reject(new Error(`a server worker exited with code ${code} while starting`)));
  });
}

/**
 * Starts `count` workers; resolves with the URL and a promise of the exit code
 * that settles after a signal stopped every worker.
 */
export async function startWorkers(count: number, log: (line: string) => void): Promise<{ url: string; stopped: Promise<number> }> {
  let stopping = false;
  let failed = false;
  const fork = (): Worker => {
    const worker = cluster.fork();
    worker.once('exit', (code, signal) => {
      if (stopping) {
        if (code !== 0) failed = true;
        return;
      }
      log(`dp: server worker ${worker.process.pid} died (${signal ?? `exit ${code}`}); starting another`);
      const replacement = fork();
      waitForListening(replacement).catch((error: Error) => log(`dp: replacement worker failed: ${error.message}`));
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
  const stopped = new Promise<number>((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) return;
      stopping = true;
      log(`dp: ${signal} received, stopping ${count} workers`);
      const alive = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);
      let left = alive.length;
      if (left === 0) resolve(failed ? 2 : 0);
      for (const w of alive) {
        w.once('exit', () => {
          left -= 1;
          if (left === 0) resolve(failed ? 2 : 0);
        });
        w.process.kill('SIGTERM');
      }
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
  return { url, stopped };
}
