import { records, str, type Server } from '../../descriptor/model.js';
import { didYouMean } from '../../util/suggest.js';
import { defineRule } from '../rule.js';

export interface Options {
  /** Server types the platform supports. */
  types: string[];
}

export const PLATFORM_SERVER_TYPES = [
  'api', 'athena', 'azure', 'bigquery', 'clickhouse', 'databricks', 'dremio', 'duckdb', 'glue', 'kafka', 'kinesis',
  'postgres', 'postgresql', 'pubsub', 'redshift', 's3', 'snowflake', 'sqlserver', 'synapse', 'trino',
];

export default defineRule<Options>({
  id: 'allowed-server-types',
  description: 'Contract servers use only the server types the platform supports.',
  help: 'The self-serve platform provisions and secures a known set of technologies. Configure the list with `types:`.',
  category: 'policy',
  severity: 'error',
  defaults: { types: PLATFORM_SERVER_TYPES },
  scope: 'contract',
  check({ file, options, report }) {
    const allowed = new Set(options.types);
    for (const [server, i] of records<Server>(file.value?.servers)) {
      const type = str(server.type);
      if (type === undefined || allowed.has(type)) continue;
      report({
        path: ['servers', i, 'type'],
        message: `server type \`${type}\` is not supported by the platform`,
        hint: didYouMean(type, allowed) ?? `supported: ${[...allowed].join(', ')}`,
      });
    }
  },
});
