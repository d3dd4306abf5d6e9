import { records, str, type SupportChannel } from '../../descriptor/model.js';
import { defineRule } from '../rule.js';

export interface Options {
  /** If not empty, at least one channel must use one of these tools (slack, teams, email, ticket...). */
  tools: string[];
}

export default defineRule<Options>({
  id: 'support-channel',
  description: 'The product declares at least one support channel consumers can reach (optionally with an approved tool).',
  help: 'Consumers need a place to ask questions and report issues. Add `support:` entries with `channel`, `url` and `tool`.',
  category: 'policy',
  basis: 'organisation',
  severity: 'warning',
  defaults: { tools: [] },
  scope: 'descriptor',
  check({ file, options, report }) {
    const channels = records<SupportChannel>(file.value?.support);
    if (channels.length === 0) {
      report({
        path: [],
        message: 'the product declares no support channel',
        hint: 'add `support:` with `- channel: <name>`, `url: <link>`, `tool: slack|teams|email|ticket`',
      });
      return;
    }
    if (options.tools.length > 0 && !channels.some(([c]) => options.tools.includes(str(c.tool) ?? ''))) {
      report({ path: ['support'], message: `no support channel uses an approved tool (${options.tools.join(', ')})` });
    }
  },
});
