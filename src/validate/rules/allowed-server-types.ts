import { records, str, type Server } from '../../descriptor/model.js';
import { didYouMean } from '../../util/suggest.js';
import { defineRule } from '../rule.js';

export interface Options {
  /** Server types the platform supports; null (the default) allows every type the standard defines. */
  types: string[] | null;
}

export default defineRule<Options>({
  id: 'allowed-server-types',
  description: 'Contract servers use only the server types the platform supports, when the organisation restricts them (by default every type the ODCS version defines is allowed).',
  help: 'The self-serve platform provisions and secures a known set of technologies. List them with `types:` (for example `[snowflake, s3, kafka, postgres]`); unknown types are already reported by the schema of the contract\'s ODCS version.',
  category: 'policy',
  basis: 'organisation',
  severity: 'error',
  defaults: { types: null },
  scope: 'contract',
  check({ file, options, report }) {
    if (!options.types) return;
    const allowed = new Set(options.types);
    for (const [server, i] of records<Server>(file.value?.servers)) {
      const type = str(server.type);
      if (type === undefined || allowed.has(type)) continue;
      report({
        path: ['servers', i, 'type'],
        message: `server type \`${type}\` is not one the platform supports`,
        hint: didYouMean(type, allowed) ?? `supported: ${[...allowed].join(', ')}`,
      });
    }
  },
});
