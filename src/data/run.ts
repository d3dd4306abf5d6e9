/**
 * `dp test` as a function: the products and contracts `dp validate` found, each
 * output port's contract (a standalone contract is one port), validated first,
 * then tested against its server. Ports run one after another; the objects of
 * a port run several at once.
 */
import { contractsById, type Product } from '../descriptor/product.js';
import { records, str, type OutputPort } from '../descriptor/model.js';
import { kindOf, type SourceFile } from '../descriptor/source.js';
import type { ValidationRun } from '../validate/run.js';
import { loadTarget } from '../validate/targets.js';
import { discover, type Target } from '../descriptor/discover.js';
import { isInside } from '../descriptor/read-file.js';
import { existsSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PolicyResolver } from '../validate/policies/resolve.js';
import { PERSONAL_NAME_PATTERNS } from '../validate/personal-data.js';
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

function refused(target: Omit<PortTarget, 'contract' | 'root'> & { contract?: SourceFile; contractId: string }, message: string): Planned {
  const now = iso(Date.now());
  return {
    refusal: {
      product: target.product,
      port: target.port,
      contract: target.contractId,
      contractFile: target.contract?.display ?? '',
      status: 'error',
      message,
      startedAt: now,
      finishedAt: now,
    },
  };
}

/** Errors dp validate reported in this file (a contract shared by several products is reported once, on its own). */
function errorsIn(validation: ValidationRun, file: SourceFile): number {
  return validation.findings.filter((f) => f.file === file.display && f.severity === 'error').length;
}

function portsOf(product: Product, root: string, validation: ValidationRun, wantedPort: string | undefined): Planned[] {
  const descriptor = product.descriptor;
  const productId = str(descriptor.value?.id) ?? product.dir;
  const productVersion = str(descriptor.value?.version);
  const byId = contractsById(product);
  const out: Planned[] = [];
  for (const [port] of records<OutputPort>(descriptor.value?.outputPorts)) {
    if (wantedPort !== undefined && port.name !== wantedPort) continue;
    const contractId = str(port.contractId) ?? '';
    const contract = byId.get(contractId)?.[0];
    const who = { product: productId, port: str(port.name), contractId };
    const errors = contract ? errorsIn(validation, contract) : 0;
    if (!contract)
      out.push(refused(who, contractId ? `no contract with id \`${contractId}\` among the product's *.odcs.yaml files` : 'the port names no contractId'));
    else if (errors > 0)
      out.push(refused({ ...who, contract }, `the contract does not validate (${errors} errors; dp validate shows them), so it is not tested`));
    else out.push({ target: { product: productId, productVersion, port: str(port.name), contract, root } });
  }
  return out;
}

function contractTarget(file: SourceFile, root: string, validation: ValidationRun): Planned {
  const errors = errorsIn(validation, file);
  const contractId = str(file.value?.id) ?? file.display;
  if (errors > 0)
    return refused({ contract: file, contractId }, `the contract does not validate (${errors} errors; dp validate shows them), so it is not tested`);
  return { target: { contract: file, root } };
}

/**
 * Where local data may be read from: the git work tree of the product or contract; outside git, the
 * working directory when it holds them, else the directory that was named.
 */
function dataRoot(cwd: string, target: Target): string {
  if (existsSync(join(target.root, '.git'))) return target.root;
  const here = realpathSync(cwd);
  return isInside(here, realpathSync(target.kind === 'product' ? target.dir : target.path)) ? here : target.root;
}

/** Every port to test, in the order of discovery, each target loaded as dp validate loaded it. */
export function planPorts(options: Pick<TestOptions, 'cwd' | 'paths' | 'port'>, validation: ValidationRun): Planned[] {
  const { targets } = discover(options.cwd, options.paths);
  return targets.flatMap((target) => {
    const loaded = loadTarget(target, options.cwd);
    const root = dataRoot(options.cwd, target);
    if (loaded.product) return kindOf(loaded.product.descriptor) === 'odps' ? portsOf(loaded.product, root, validation, options.port) : [];
    return options.port === undefined && kindOf(loaded.file) === 'odcs' ? [contractTarget(loaded.file, root, validation)] : [];
  });
}

/** The names whose values dp test never shows: dp's coarse personal names and the organisation's own patterns (its personal-data policy). */
function personalPatterns(resolver: PolicyResolver, contract: SourceFile): RegExp[] {
  const setting = resolver.forDir(dirname(contract.path)).settingFor('personal-data-classification', contract);
  const own = Array.isArray(setting.options.patterns) ? setting.options.patterns.filter((p): p is string => typeof p === 'string') : [];
  return [...PERSONAL_NAME_PATTERNS, ...own].map((p) => new RegExp(p, 'i'));
}

export async function testPaths(options: TestOptions, validation: ValidationRun): Promise<TestRun> {
  const started = Date.now();
  const outcomes: PortOutcome[] = [];
  const planned = planPorts(options, validation);
  const resolver = new PolicyResolver({ cwd: options.cwd, policiesPath: options.policiesPath, configPath: options.configPath });
  await resolver.prepare(planned.flatMap((p) => (p.target ? [dirname(p.target.contract.path)] : [])));
  for (const { refusal, target } of planned) {
    if (refusal) outcomes.push({ run: refusal, results: [] });
    else
      outcomes.push(await testPort(target!, { ...options, compile: { ...options.compile, personalPatterns: personalPatterns(resolver, target!.contract) } }));
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
