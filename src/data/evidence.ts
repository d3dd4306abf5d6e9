/**
 * A `dp test` run as evidence for the catalog (`--publish`): one run per
 * tested output port of a product, with each check's measurement, threshold,
 * status, dimension and severity, and the objects' watermarks. Samples of
 * failing rows are left out (they may hold personal data), as are the
 * relations read (paths of the machine that ran the test). Ports that were
 * skipped (no server dp can test) and standalone contracts are not recorded.
 */
import type { Catalog } from '../catalog/store.js';
import { MAX_MESSAGE, MAX_NAME } from '../catalog/record-runs.js';
import type { RunCandidate, RunCheck, RunOutcome } from '../catalog/runs.js';
import type { PortHistory } from './test-port.js';
import type { CheckResult, PortRun, TestRun } from './types.js';

const cut = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

function toCheck(result: CheckResult): RunCheck {
  const check: RunCheck = {
    object: cut(result.object, MAX_NAME),
    check: cut(result.check, MAX_NAME),
    category: result.category,
    status: result.status,
    measured: typeof result.measured === 'string' ? cut(result.measured, MAX_NAME) : result.measured,
    expected: cut(result.expected, MAX_MESSAGE),
    severity: result.severity,
    message: cut(result.message, MAX_MESSAGE),
    location: { file: cut(result.location.file, MAX_NAME), line: result.location.line, column: result.location.column },
  };
  if (result.field !== undefined) check.field = cut(result.field, MAX_NAME);
  if (result.unit !== undefined) check.unit = result.unit;
  if (result.threshold !== undefined) check.threshold = result.threshold;
  if (result.dimension !== undefined) check.dimension = cut(result.dimension, MAX_NAME);
  return check;
}

/** Whether a port's test is evidence the catalog can hold: a product's port, tested (or failing to be) on a named server. */
function recordable(port: PortRun): port is PortRun & { product: string; productVersion: string; port: string; server: string } {
  return port.product !== undefined && port.productVersion !== undefined && port.port !== undefined && port.server !== undefined && port.status !== 'skipped';
}

export function toRunCandidates(run: TestRun): RunCandidate[] {
  return run.ports.filter(recordable).map((port) => {
    const results = run.results.filter((r) => r.product === port.product && r.port === port.port && r.server === port.server);
    const candidate: RunCandidate = {
      productId: port.product,
      productVersion: port.productVersion,
      port: port.port,
      contractId: port.contract,
      server: port.server,
      serverType: port.serverType ?? 'unknown',
      startedAt: port.startedAt,
      finishedAt: port.finishedAt,
      status: port.status === 'passed' ? 'passed' : port.status === 'failed' ? 'failed' : 'error',
      objects: (port.objects ?? []).map((o) => ({
        object: cut(o.object, MAX_NAME),
        ...(o.rows === undefined ? {} : { rows: o.rows }),
        ...(o.watermark === undefined ? {} : { watermark: o.watermark }),
      })),
      checks: results.map(toCheck),
    };
    if (port.contractVersion !== undefined) candidate.contractVersion = port.contractVersion;
    if (port.message !== undefined) candidate.message = cut(port.message, MAX_MESSAGE);
    if (port.since !== undefined) candidate.since = port.since;
    return candidate;
  });
}

/** The history `dp test` reads from a catalog: the published runs of one port on one server. */
export function catalogHistory(catalog: Catalog, sinceLast: boolean): PortHistory {
  return {
    sinceLast,
    runs: async (product, port, server, limit) => (await catalog.listRuns(product, { port, server, limit })).items,
  };
}

/** Records the run's ports in the catalog; the outcomes, one per recorded port. */
export async function publishRun(catalog: Catalog, run: TestRun, publisher: string): Promise<RunOutcome[]> {
  const candidates = toRunCandidates(run);
  return candidates.length === 0 ? [] : catalog.recordRuns(candidates, { publisher });
}
