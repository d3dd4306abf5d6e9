/**
 * Data Contract Specification field types to ODCS v3.1.0 logical types. The
 * DCS type is a logical type with a size or flavour; ODCS keeps the flavour in
 * `logicalTypeOptions` where it has a place (integer and float widths, time
 * zones) and the DCS name in `physicalType` otherwise. See docs/convert.md.
 */

export type LogicalType = 'string' | 'date' | 'timestamp' | 'time' | 'number' | 'integer' | 'object' | 'array' | 'boolean';

export interface TypeMapping {
  /** Undefined: ODCS v3.1.0 has no logical type for it (the property gets none). */
  logical?: LogicalType;
  /** `logicalTypeOptions.format` (integer and number widths). */
  format?: string;
  /** `logicalTypeOptions.timezone` (timestamps). */
  timezone?: boolean;
  /** The DCS type name goes to `physicalType` (it says more than the logical type). */
  physical: boolean;
  /** Why the mapping changes how the field reads (a `changed` note). */
  change?: string;
}

const TYPES: Record<string, TypeMapping> = {
  string: { logical: 'string', physical: false },
  text: { logical: 'string', physical: true },
  varchar: { logical: 'string', physical: true },
  number: { logical: 'number', physical: false },
  decimal: { logical: 'number', physical: true },
  numeric: { logical: 'number', physical: true },
  int: { logical: 'integer', physical: true },
  integer: { logical: 'integer', physical: false },
  long: { logical: 'integer', format: 'i64', physical: true },
  bigint: { logical: 'integer', format: 'i64', physical: true },
  float: { logical: 'number', format: 'f32', physical: true },
  double: { logical: 'number', format: 'f64', physical: true },
  boolean: { logical: 'boolean', physical: false },
  timestamp: { logical: 'timestamp', timezone: true, physical: false },
  timestamp_tz: { logical: 'timestamp', timezone: true, physical: true },
  timestamp_ntz: { logical: 'timestamp', timezone: false, physical: true },
  date: { logical: 'date', physical: false },
  time: { logical: 'time', physical: false },
  array: { logical: 'array', physical: false },
  object: { logical: 'object', physical: false },
  record: { logical: 'object', physical: true },
  struct: { logical: 'object', physical: true },
  map: {
    logical: 'object',
    physical: true,
    change: 'ODCS v3.1.0 has no map type: written as an object with `physicalType: map`; the key and value types are kept under customProperties',
  },
  bytes: { logical: 'string', physical: true, change: 'ODCS v3.1.0 has no binary type: written as a string with `physicalType: bytes`' },
  variant: { physical: true, change: 'ODCS v3.1.0 has no logical type for semi-structured data: only `physicalType: variant` is written' },
  json: { physical: true, change: 'ODCS v3.1.0 has no logical type for JSON values: only `physicalType: json` is written' },
  null: { physical: true, change: 'ODCS v3.1.0 has no null type: only `physicalType: null` is written' },
};

/** The mapping of a DCS type (case-insensitive); unknown types keep only their name as physical type. */
export function mapType(type: string): TypeMapping {
  return (
    TYPES[type.toLowerCase()] ?? { physical: true, change: `\`${type}\` is not a Data Contract Specification type: only \`physicalType: ${type}\` is written` }
  );
}

/** Types whose precision and scale go into the physical type, as `decimal(10,2)`. */
export const NUMERIC_WITH_PRECISION = ['number', 'decimal', 'numeric'];

/** `config` keys naming the column type of a server type (`bigqueryType`), for `physicalType`. */
export const PHYSICAL_TYPE_KEYS: Record<string, string> = {
  bigquery: 'bigqueryType',
  snowflake: 'snowflakeType',
  redshift: 'redshiftType',
  sqlserver: 'sqlserverType',
  databricks: 'databricksType',
  glue: 'glueType',
  postgres: 'postgresType',
  trino: 'trinoType',
  oracle: 'oracleType',
};
