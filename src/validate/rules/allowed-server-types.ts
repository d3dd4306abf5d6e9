import { DEVELOPMENT_ENVIRONMENTS, isDevelopmentServer, records, str, type Server } from '../../descriptor/model.js';
import { didYouMean } from '../../util/suggest.js';
import { defineRule } from '../rule.js';

export interface Options {
  /** Server types the platform supports; null (the default) allows every type the standard defines. */
  types: string[] | null;
  /** When `types` restricts the servers: types also allowed on development servers (sample data on the local disk). */
  developmentTypes: string[];
  /** The `environment` values of development servers. */
  developmentEnvironments: string[];
}

function refusal(type: string, development: boolean, options: Options & { types: string[] }): { message: string; hint?: string } {
  if (options.developmentTypes.includes(type)) {
    return {
      message: `server type \`${type}\` is allowed only on development servers`,
      hint: `give the server \`environment: ${options.developmentEnvironments[0] ?? 'dev'}\` (development environments: ${options.developmentEnvironments.join(', ')})`,
    };
  }
  const suggestion = didYouMean(type, new Set([...options.types, ...options.developmentTypes]));
  const also = development && options.developmentTypes.length > 0 ? `; on development servers also ${options.developmentTypes.join(', ')}` : '';
  return { message: `server type \`${type}\` is not one the platform supports`, hint: suggestion ?? `supported: ${options.types.join(', ')}${also}` };
}

export default defineRule<Options>({
  id: 'allowed-server-types',
  description:
    'Contract servers use only the server types the platform supports, when the organisation restricts them (by default every type the ODCS version defines is allowed); development servers may also use the development types (local files by default).',
  help: "The self-serve platform provisions and secures a known set of technologies. List them with `types:` (for example `[snowflake, s3, kafka, postgres]`); unknown types are already reported by the schema of the contract's ODCS version. A server whose `environment` is a development one (`developmentEnvironments:`, default dev, development, local, test) may also use `developmentTypes:` (default `local`: the sample data `dp test` reads), which production servers may not.",
  category: 'policy',
  basis: 'organisation',
  severity: 'error',
  defaults: { types: null, developmentTypes: ['local'], developmentEnvironments: DEVELOPMENT_ENVIRONMENTS },
  scope: 'contract',
  check({ file, options, report }) {
    const types = options.types;
    if (!types) return;
    const allowed = new Set(types);
    const forDevelopment = new Set(options.developmentTypes);
    for (const [server, i] of records<Server>(file.value?.servers)) {
      const type = str(server.type);
      if (type === undefined || allowed.has(type)) continue;
      const development = isDevelopmentServer(server, options.developmentEnvironments);
      if (development && forDevelopment.has(type)) continue;
      report({ path: ['servers', i, 'type'], ...refusal(type, development, { ...options, types }) });
    }
  },
});
