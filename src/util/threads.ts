/**
 * How many threads a batch of work should use when the user did not say.
 *
 * A worker thread is not free: it starts an isolate, loads and compiles the
 * bundle and the schema validators again, warms up the JIT for the same code,
 * keeps a heap of its own to collect, and sends its results back. Measured on
 * the 2-core development machine, a second thread added 0.2 s of CPU to a
 * 300-product mesh and 0.7 s (35%) to a 2,000-product one. That work only pays
 * for itself on a core nobody else is using: on a busy machine the same CPU
 * time is shared among more work, and the run gets slower (the 2,000-product
 * mesh took 1.13x ajv-cli's time with two threads against 0.88x with one).
 *
 * So a thread is started only for a core that is idle, and only where it gets
 * enough work to pay back its start. Idle cores are measured while dp finds its
 * files (the CPU time the machine spent idle over that window, from
 * `os.cpus()`), or, when that window was too short to tell, estimated from the
 * one-minute load average.
 */
import { availableParallelism, cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';

export interface ThreadChoice {
  /** Units of work (products, files...). */
  units: number;
  /** Fewest units worth a thread of its own. */
  minPerThread: number;
  /** What the user asked for (`--jobs`): used as is, within the work available. */
  requested?: number;
  /** Cores idle besides the one this thread runs on, as measured (see sampleIdleCores). */
  idle?: number;
  /** For tests: the machine's cores and one-minute load average. */
  cores?: number;
  load?: number;
}

/** Threads claim work in batches of this size (src/validate/run.ts): more threads than batches would idle. */
const BATCH = 16;

export function threadsFor({ units, minPerThread, requested, idle, cores = availableParallelism(), load = loadavg()[0] }: ThreadChoice): number {
  if (requested !== undefined) return Math.max(1, Math.min(requested, Math.ceil(units / BATCH)));
  const byWork = Math.floor(units / minPerThread);
  const byMachine = idle !== undefined ? 1 + Math.round(idle) : Math.round(Math.max(0, cores - load));
  return Math.max(1, Math.min(cores, byMachine, byWork));
}

/** Shorter windows say too little about the machine: the load average decides instead. */
const MIN_WINDOW_MS = 50;

const idleTime = (): number => cpus().reduce((sum, cpu) => sum + cpu.times.idle, 0);

/**
 * Starts measuring how idle the machine is; the function returned gives the number of cores that
 * were idle on average since (the calling thread is busy meanwhile, so its own core does not
 * count), or undefined when the window was too short to tell.
 */
export function sampleIdleCores(): () => number | undefined {
  const start = performance.now();
  const idleAtStart = idleTime();
  return () => {
    const elapsed = performance.now() - start;
    if (elapsed < MIN_WINDOW_MS) return undefined;
    return Math.max(0, (idleTime() - idleAtStart) / elapsed);
  };
}
