/**
 * Where each kind of output port lives and how logical types map to its
 * physical types: the platform choices a team should not have to look up.
 */
import type { LogicalType, OutputKind } from './types.js';

export type Warehouse = 'snowflake' | 'bigquery' | 'databricks' | 'postgres';
type TypeMap = Record<LogicalType, string>;

const WAREHOUSE_TYPES: Record<Warehouse, TypeMap> = {
  snowflake: { string: 'VARCHAR', integer: 'NUMBER(38,0)', number: 'DOUBLE', boolean: 'BOOLEAN', date: 'DATE', timestamp: 'TIMESTAMP_TZ' },
  bigquery: { string: 'STRING', integer: 'INT64', number: 'FLOAT64', boolean: 'BOOL', date: 'DATE', timestamp: 'TIMESTAMP' },
  databricks: { string: 'STRING', integer: 'BIGINT', number: 'DOUBLE', boolean: 'BOOLEAN', date: 'DATE', timestamp: 'TIMESTAMP' },
  postgres: { string: 'text', integer: 'bigint', number: 'double precision', boolean: 'boolean', date: 'date', timestamp: 'timestamptz' },
};

const KIND_TYPES: Record<Exclude<OutputKind, 'table'>, TypeMap> = {
  files: { string: 'STRING', integer: 'INT64', number: 'DOUBLE', boolean: 'BOOLEAN', date: 'DATE', timestamp: 'TIMESTAMP(MICROS,true)' },
  // Avro's types, logical types named as Avro names them (a timestamp-micros is a long on the wire).
  stream: { string: 'string', integer: 'long', number: 'double', boolean: 'boolean', date: 'date', timestamp: 'timestamp-micros' },
  // JSON Schema's types, with the format of dates and timestamps (strings on the wire).
  api: { string: 'string', integer: 'integer', number: 'number', boolean: 'boolean', date: 'date', timestamp: 'date-time' },
};

export function physicalType(kind: OutputKind, warehouse: Warehouse, type: LogicalType): string {
  return kind === 'table' ? WAREHOUSE_TYPES[warehouse][type] : KIND_TYPES[kind][type];
}

/** JSON Schema of a field for AsyncAPI and OpenAPI documents. */
export function jsonSchemaType(type: LogicalType): Record<string, string> {
  switch (type) {
    case 'date':
      return { type: 'string', format: 'date' };
    case 'timestamp':
      return { type: 'string', format: 'date-time' };
    default:
      return { type };
  }
}

/** ODPS output port `type`. */
export const ODPS_PORT_TYPE: Record<OutputKind, string> = { table: 'tables', files: 'files', stream: 'topic', api: 'api' };

/** ODCS physicalType of the schema object. */
export const OBJECT_TYPE: Record<OutputKind, string> = { table: 'table', files: 'file', stream: 'topic', api: 'resource' };

export interface Location {
  /** Fully qualified table, s3:// prefix, topic or URL. */
  address: string;
  /** The ODCS server entry (all required fields of its type present). */
  server: Record<string, unknown>;
}

export interface LocationInput {
  kind: OutputKind;
  warehouse: Warehouse;
  productId: string;
  domain: string;
  port: string;
  majorVersion: number;
  platformUrl: string;
}

const snake = (s: string): string => s.replace(/-/g, '_');

function tableLocation(i: LocationInput): Location {
  const schema = snake(`${i.domain}_${i.productId}`);
  const table = snake(`${i.port}_v${i.majorVersion}`);
  const server: Record<Warehouse, Record<string, unknown>> = {
    snowflake: { type: 'snowflake', account: `${i.domain}-analytics`, database: 'DATA_PRODUCTS', schema: schema.toUpperCase(), warehouse: 'TRANSFORM_WH' },
    bigquery: { type: 'bigquery', project: `${i.domain}-data-products`, dataset: schema },
    databricks: { type: 'databricks', host: 'TODO-workspace.cloud.databricks.com', catalog: 'data_products', schema },
    postgres: { type: 'postgres', host: 'warehouse.internal', port: 5432, database: 'data_products', schema },
  };
  const qualified = i.warehouse === 'snowflake' ? `DATA_PRODUCTS.${schema.toUpperCase()}.${table.toUpperCase()}` : `${schema}.${table}`;
  return { address: qualified, server: server[i.warehouse] };
}

export function locate(i: LocationInput): Location {
  switch (i.kind) {
    case 'table':
      return tableLocation(i);
    case 'files': {
      const location = `s3://${i.domain}-data-products/${i.productId}/${i.port}/v${i.majorVersion}/`;
      return { address: location, server: { type: 's3', location, format: 'parquet' } };
    }
    case 'stream':
      return { address: `${i.domain}.${i.productId}.${i.port}.v${i.majorVersion}`, server: { type: 'kafka', host: 'kafka.internal:9092', format: 'json' } };
    case 'api': {
      const location = `${i.platformUrl}/api/${i.productId}/v${i.majorVersion}/${i.port}`;
      return { address: location, server: { type: 'api', location } };
    }
  }
}
