/**
 * `dp test` as a function: the products and contracts `dp validate` found, each
 * output port's contract (a standalone contract is one port), validated first,
 * then tested against its server. Ports run one after another; the objects of
 * a port run several at once.
 */
import { loadFile, loadProduct } from '../descriptor/product.js';
import { records, str, type OutputPort } from '../descriptor/model.js';
import { contractsById } from '../descriptor/product.js';
import { kindOf, type SourceFile } from '../descriptor/source.js';
import type { TargetReport, ValidationRun } from '../validate/run.js';
import { discover } from '../descriptor/discover.js';
import { dirname } from 'node:path';
import { PolicyResolver } from '../validate/policies/resolve.js';
import { PERSONAL_PATTERNS } from '../validate/rules/personal-data-classification.js';
import { summarise } from './results.js';
import { testPort, type PortOutcome, type PortTarget, type PortTestOptions } from './test-port.js';
import type { PortRun, TestRun } from './types.js';

export interface TestOptions extends PortTestOptions {
  cwd: string;
  paths: string[];
  /** Only this output port (by name). */
  port?: string;
  policiesPath?: string;
  configPath?: string;
}

interface Planned {
  target?: PortTarget;
  /** A port that cannot be tested before any connection (invalid contract, no contract). */
  refusal?: PortRun;
}

const iso = (ms: number): string => new Date(ms).toISOString();

function refused(target: Omit<PortTarget, 'contract'> & { contract?: SourceFile; contractId: string }, message: string): Planned {
  const now = iso(Date.now());
  return { refusal: { product: target.product, port: target.port, contract: target.contractId, contractFile: target.contract?.display ?? '', status: 'error', message, startedAt: now, finishedAt: now } };
}

function errorsIn(report: TargetReport | undefined, file: SourceFile): number {
  return report?.findings.filter((f) => f.file === file.display && f.severity === 'error').length ?? 0;
}

function portsOf(cwd: string, dir: string, descriptorPath: string, report: TargetReport | undefined, wantedPort: string | undefined): Planned[] {
  const product = loadProduct(cwd, dir, descriptorPath);
  const descriptor = product.descriptor;
  if (descriptor.value && kindOf(descriptor) === 'odcs') return [contractTarget(descriptor, report)];
  const productId = str(descriptor.value?.id) ?? dir;
  const productVersion = str(descriptor.value?.version);
  const byId = contractsById(product);
  const out: Planned[] = [];
  for (const [port] of records<OutputPort>(descriptor.value?.outputPorts)) {
    if (wantedPort !== undefined && port.name !== wantedPort) continue;
    const contractId = str(port.contractId) ?? '';
    const contract = byId.get(contractId)?.[0];
    const who = { product: productId, port: str(port.name), contractId };
    if (!contract) out.push(refused(who, contractId ? `no contract \`${contractId}\` in contracts/` : 'the port names no contractId'));
    else if (errorsIn(report, contract) > 0) out.push(refused({ ...who, contract }, `the contract does not validate (${errorsIn(report, contract)} errors; dp validate shows them), so it is not tested`));
    else out.push({ target: { product: productId, productVersion, port: str(port.name), contract } });
  }
  return out;
}

function contractTarget(file: SourceFile, report: TargetReport | undefined): Planned {
  const errors = errorsIn(report, file);
  const contractId = str(file.value?.id) ?? file.display;
  if (errors > 0) return refused({ contract: file, contractId }, `the contract does not validate (${errors} errors; dp validate shows them), so it is not tested`);
  return { target: { contract: file } };
}

/** Every port to test, in the order of discovery; reports of the validation run are matched by position. */
export function planPorts(options: Pick<TestOptions, 'cwd' | 'paths' | 'port'>, validation: ValidationRun): Planned[] {
  const { targets } = discover(options.cwd, options.paths);
  return targets.flatMap((target, i) => {
    const report = validation.targets[i];
    if (target.kind === 'contract') return options.port === undefined ? [contractTarget(loadFile(options.cwd, target.path), report)] : [];
    return portsOf(options.cwd, target.dir, target.descriptor, report, options.port);
  });
}

/** The names the organisation's personal-data policy flags for this contract (its patterns, or dp's when it sets none). */
function personalPatterns(resolver: PolicyResolver, contract: SourceFile): RegExp[] {
  const setting = resolver.forDir(dirname(contract.path)).settingFor('personal-data-classification', contract);
  const patterns = Array.isArray(setting.options.patterns) ? setting.options.patterns.filter((p): p is string => typeof p === 'string') : PERSONAL_PATTERNS;
  return patterns.map((p) => new RegExp(p, 'i'));
}

export async function testPaths(options: TestOptions, validation: ValidationRun): Promise<TestRun> {
  const started = Date.now();
  const outcomes: PortOutcome[] = [];
  const planned = planPorts(options, validation);
  const resolver = new PolicyResolver({ cwd: options.cwd, policiesPath: options.policiesPath, configPath: options.configPath });
  await resolver.prepare(planned.flatMap((p) => (p.target ? [dirname(p.target.contract.path)] : [])));
  for (const { refusal, target } of planned) {
    if (refusal) outcomes.push({ run: refusal, results: [] });
    else outcomes.push(await testPort(target!, { ...options, compile: { ...options.compile, personalPatterns: personalPatterns(resolver, target!.contract) } }));
  }
  const ports = outcomes.map((o) => o.run);
  const results = outcomes.flatMap((o) => o.results);
  return {
    startedAt: iso(started),
    finishedAt: iso(Date.now()),
    since: options.compile.since === undefined ? undefined : iso(options.compile.since),
    ports,
    results,
    summary: summarise(results, ports),
  };
}
