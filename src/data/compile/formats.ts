/**
 * Regular expressions for the string formats dp tests (`logicalTypeOptions.format`).
 * Written in the common subset of RE2 (DuckDB) and POSIX ARE (PostgreSQL), anchored,
 * and deliberately plain: they catch malformed values, not every corner of each RFC.
 */
export const FORMAT_PATTERNS: Record<string, string> = {
  email: '^[^@[:space:]]+@[^@[:space:]]+\\.[^@[:space:]]+$',
  uuid: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$',
  ipv4: '^((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])$',
  ipv6: '^[0-9a-fA-F:.]*:[0-9a-fA-F:.]*$',
  uri: '^[A-Za-z][A-Za-z0-9+.-]*:[^[:space:]]*$',
  url: '^[A-Za-z][A-Za-z0-9+.-]*://[^[:space:]]+$',
  hostname: '^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$',
  date: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$',
  'date-time': '^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?([Zz]|[+-][0-9]{2}:?[0-9]{2})?$',
};
