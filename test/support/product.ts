/** Building data products for tests: a valid baseline as data, mutated per test, written to a temp directory. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';

export type Doc = Record<string, any>;

export interface ProductFixture {
  descriptor: Doc;
  contracts: Record<string, Doc>;
}

export function validContract(id = 'play-events-events', version = '1.0.0'): Doc {
  return {
    apiVersion: 'v3.1.0',
    kind: 'DataContract',
    id,
    name: 'Play events',
    version,
    status: 'active',
    domain: 'player',
    description: { purpose: 'Every play of a track.', usage: 'Join on event_id.', limitations: 'Late events arrive within 24 hours.' },
    schema: [
      {
        name: 'play_events',
        physicalName: 'play_events',
        physicalType: 'table',
        logicalType: 'object',
        description: 'One row per play.',
        quality: [{ metric: 'rowCount', mustBeGreaterThan: 0, dimension: 'completeness' }],
        properties: [
          {
            name: 'event_id',
            logicalType: 'string',
            physicalType: 'varchar(36)',
            required: true,
            primaryKey: true,
            unique: true,
            description: 'Event id.',
            quality: [{ metric: 'nullValues', mustBe: 0 }],
          },
          {
            name: 'listener_email',
            logicalType: 'string',
            physicalType: 'varchar(255)',
            classification: 'restricted',
            description: 'Who listened.',
            customProperties: [{ property: 'dataSubject', value: 'listener' }],
          },
          { name: 'played_at', logicalType: 'timestamp', physicalType: 'timestamp', required: true, description: 'When.' },
          { name: 'duration_ms', logicalType: 'integer', physicalType: 'bigint', description: 'How long.', logicalTypeOptions: { minimum: 0 } },
        ],
      },
    ],
    servers: [{ server: 'warehouse', type: 'snowflake', environment: 'prod', account: 'acme', database: 'PLAYER', schema: 'EVENTS' }],
    roles: [{ role: 'play_events_reader', access: 'read' }],
    slaProperties: [
      { property: 'retention', value: 1, unit: 'y' },
      { property: 'latency', value: 4, unit: 'h' },
      { property: 'frequency', value: 1, unit: 'd' },
    ],
  };
}

export function validDescriptor(): Doc {
  return {
    apiVersion: 'v1.0.0',
    kind: 'DataProduct',
    id: 'play-events',
    name: 'Play events',
    version: '1.0.0',
    status: 'active',
    domain: 'player',
    description: { purpose: 'Plays of tracks.', usage: 'Analytics.', limitations: 'None.' },
    tags: ['player'],
    inputPorts: [{ name: 'player-db', version: '1.0.0', contractId: 'player-db-plays', customProperties: [{ property: 'kind', value: 'cdc' }] }],
    outputPorts: [{ name: 'events', version: '1.0.0', type: 'tables', contractId: 'play-events-events' }],
    managementPorts: [
      { name: 'discovery', content: 'discoverability', url: 'https://catalog.example.com/products/play-events' },
      { name: 'observation', content: 'observability', url: 'https://observe.example.com/play-events' },
      { name: 'control', content: 'control', type: 'topic', channel: 'control.play-events' },
    ],
    support: [{ channel: '#player-data', url: 'https://chat.example.com/player-data', tool: 'slack' }],
    team: { name: 'player-team', members: [{ username: 'ana@example.com', role: 'owner' }] },
  };
}

export function validProduct(): ProductFixture {
  return { descriptor: validDescriptor(), contracts: { events: validContract() } };
}

export function tempDir(prefix = 'dp-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function writeProduct(dir: string, product: ProductFixture, raw: { descriptor?: string; contracts?: Record<string, string> } = {}): string {
  mkdirSync(join(dir, 'contracts'), { recursive: true });
  writeFileSync(join(dir, 'dataproduct.odps.yaml'), raw.descriptor ?? stringify(product.descriptor));
  for (const [name, contract] of Object.entries(product.contracts)) {
    writeFileSync(join(dir, 'contracts', `${name}.odcs.yaml`), raw.contracts?.[name] ?? stringify(contract));
  }
  return dir;
}
