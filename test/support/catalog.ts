/**
 * A small streaming mesh for catalog tests, as data: player (source-aligned
 * play events), listener (sessions, consuming the player's events) and
 * playlist (recommendation features, consuming the sessions). Helpers turn a
 * product into an in-memory publish candidate or write it to a directory.
 */
import { spawn } from 'node:child_process';
import { stringify } from 'yaml';
import { DP_BIN } from './cli.js';
import { LOCAL_WRITER } from '../../src/catalog/ownership.js';
import { publishToStore } from '../../src/catalog/publish.js';
import type { Candidate, CatalogStore, PublishOptions, PublishOutcome } from '../../src/catalog/store.js';
import { validContract, validDescriptor, writeProduct, type Doc, type ProductFixture } from './product.js';

export function playerProduct(): ProductFixture {
  return {
    descriptor: { ...validDescriptor(), id: 'play-events', tags: ['player', 'streaming'] },
    contracts: {
      events: {
        ...validContract('play-events-events'),
        schema: [
          {
            ...validContract().schema[0],
            properties: [
              ...validContract().schema[0].properties,
              {
                name: 'platform',
                logicalType: 'string',
                physicalType: 'varchar(16)',
                description: 'Where the play happened.',
                quality: [{ metric: 'invalidValues', arguments: { validValues: ['ios', 'android', 'web'] }, mustBe: 0 }],
              },
            ],
          },
        ],
      },
    },
  };
}

function consumerProduct(id: string, domain: string, upstreamContract: string, port: string, purpose: string): ProductFixture {
  const contractId = `${id}-${port}`;
  const base = validContract(contractId);
  return {
    descriptor: {
      ...validDescriptor(),
      id,
      name: id.replace(/-/g, ' '),
      domain,
      description: { purpose, usage: 'Read the tables.', limitations: 'Daily batches.' },
      tags: [domain],
      inputPorts: [{ name: 'upstream', version: '1.0.0', contractId: upstreamContract }],
      outputPorts: [{ name: port, version: '1.0.0', type: 'tables', contractId }],
      managementPorts: validDescriptor().managementPorts.map((p: Doc) => ({
        ...p,
        url: p.url?.replace('play-events', id),
        channel: p.channel?.replace('play-events', id),
      })),
      team: { name: `${domain}-team`, members: [{ username: `owner@${domain}.example.com`, role: 'owner' }] },
    },
    contracts: {
      [port]: {
        ...base,
        domain,
        name: `${port} of ${id}`,
        schema: [{ ...base.schema[0], name: port.replace(/-/g, '_'), physicalName: port.replace(/-/g, '_') }],
      },
    },
  };
}

export function listenerProduct(): ProductFixture {
  return consumerProduct('listener-sessions', 'listener', 'play-events-events', 'sessions', 'Listening sessions aggregated from play events.');
}

export function playlistProduct(): ProductFixture {
  return consumerProduct('playlist-features', 'playlist', 'listener-sessions-sessions', 'features', 'Recommendation features for playlists.');
}

export function streamingMesh(): ProductFixture[] {
  return [playerProduct(), listenerProduct(), playlistProduct()];
}

/** A deep copy, to mutate freely. */
export function clone<T>(value: T): T {
  return structuredClone(value);
}

/** `publishToStore` as a local writer (`dp publish --catalog <file or postgres://...>`) calls it. */
export function publishLocally(store: CatalogStore, candidates: Candidate[], options: PublishOptions): Promise<PublishOutcome[]> {
  return publishToStore(store, candidates, options, LOCAL_WRITER);
}

export function toCandidate(product: ProductFixture): Candidate {
  const contracts = Object.entries(product.contracts)
    .map(([name, value]) => ({ file: `contracts/${name}.odcs.yaml`, text: stringify(value), value: clone(value) as Record<string, unknown> }))
    .sort((a, b) => (a.file < b.file ? -1 : 1));
  return {
    productId: product.descriptor.id,
    version: product.descriptor.version,
    documents: { descriptor: { file: 'dataproduct.odps.yaml', text: stringify(product.descriptor), value: clone(product.descriptor) }, contracts },
    validation: { dpVersion: 'test', errors: 0, warnings: 0, infos: 0, suppressed: 0, findings: [] },
    source: product.descriptor.id,
  };
}

export function withVersion(product: ProductFixture, version: string): ProductFixture {
  const copy = clone(product);
  copy.descriptor.version = version;
  return copy;
}

export { writeProduct };

/** Starts the built bin without waiting: for concurrency and crash tests. */
export function startDp(
  args: string[],
  options: { cwd: string; env?: Record<string, string> },
): {
  child: import('node:child_process').ChildProcess;
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
} {
  const child = spawn(process.execPath, [DP_BIN, ...args], {
    cwd: options.cwd,
    env: { ...process.env, CI: 'true', NO_COLOR: '1', FORCE_COLOR: '', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, done };
}
