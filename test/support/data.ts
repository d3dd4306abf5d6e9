/** Products with data for `dp test`: a contract over generated files, written with DuckDB itself. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { validContract, validDescriptor, writeProduct, type Doc } from './product.js';

/** A contract of one table, `plays`, whose every kind of check passes on `cleanPlays()`. */
export function dataContract(server: Doc = { server: 'local', type: 'local', environment: 'dev', path: '../data/{object}.parquet', format: 'parquet' }): Doc {
  const contract = validContract();
  contract.schema = [
    {
      name: 'plays',
      physicalName: 'plays',
      physicalType: 'table',
      logicalType: 'object',
      description: 'One row per play.',
      quality: [
        { metric: 'rowCount', mustBeGreaterThan: 0, dimension: 'completeness' },
        { type: 'sql', name: 'no negative durations', query: 'SELECT count(*) FROM {object} WHERE duration_ms < 0', mustBe: 0 },
      ],
      properties: [
        {
          name: 'play_id',
          logicalType: 'string',
          physicalType: 'varchar',
          required: true,
          primaryKey: true,
          description: 'Play id.',
          quality: [{ metric: 'duplicateValues', mustBe: 0 }],
        },
        {
          name: 'listener_email',
          logicalType: 'string',
          physicalType: 'varchar',
          classification: 'restricted',
          description: 'Who.',
          logicalTypeOptions: { format: 'email' },
        },
        {
          name: 'country',
          logicalType: 'string',
          physicalType: 'varchar',
          description: 'Where.',
          quality: [
            { metric: 'invalidValues', mustBe: 0, arguments: { validValues: ['SE', 'NO', 'FI'] } },
            { metric: 'nullValues', mustBeLessOrEqualTo: 10, unit: 'percent' },
          ],
        },
        {
          name: 'played_at',
          logicalType: 'timestamp',
          physicalType: 'timestamp',
          required: true,
          partitioned: true,
          partitionKeyPosition: 1,
          description: 'When.',
        },
        { name: 'duration_ms', logicalType: 'integer', physicalType: 'bigint', description: 'How long.', logicalTypeOptions: { minimum: 0, maximum: 3600000 } },
      ],
    },
  ];
  contract.servers = [server];
  contract.slaProperties = [
    { property: 'retention', value: 1, unit: 'y', element: 'plays.played_at' },
    { property: 'latency', value: 4, unit: 'h', element: 'plays.played_at' },
    { property: 'frequency', value: 1, unit: 'd' },
  ];
  return contract;
}

/** SQL of clean rows for `plays`: unique ids, valid countries, played in the last hours. */
export function cleanPlays(rows = 1000): string {
  return `SELECT 'p' || range AS play_id, 'u' || range || '@example.com' AS listener_email, ['SE', 'NO', 'FI'][1 + range % 3] AS country,
    now()::TIMESTAMP - to_seconds(range * 10) AS played_at, (range * 7) % 3600000 AS duration_ms FROM range(${rows})`;
}

const POLICY = 'policies:\n  rules:\n    allowed-server-types:\n      types: [local, duckdb, postgres, postgresql, snowflake, kafka]\n';

/** Writes a product whose output port `events` has the contract; data files are the caller's. */
export function writeDataProduct(dir: string, contract: Doc): string {
  writeProduct(dir, { descriptor: validDescriptor(), contracts: { events: contract } });
  writeFileSync(join(dir, 'dp.config.yaml'), POLICY);
  mkdirSync(join(dir, 'data'), { recursive: true });
  return dir;
}

export function contractYaml(contract: Doc): string {
  return stringify(contract);
}

/** Runs statements in a throwaway in-memory DuckDB (COPY ... TO writes the files). */
export async function duck(statements: string[], database = ':memory:'): Promise<void> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(database);
  const connection = await instance.connect();
  try {
    for (const sql of statements) await connection.run(sql);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
