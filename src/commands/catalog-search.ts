/** dp catalog search <text>: products whose names, descriptions, tags or field names hold every word. */
import { printJson, type Context } from '../context.js';
import { usageError } from '../errors.js';
import { productTable } from '../catalog/format/lists.js';
import { colors } from '../catalog/format/text.js';
import { searchTerms } from '../catalog/rows.js';
import { withCatalog, type CatalogOptions } from '../catalog/session.js';

export interface SearchOptions extends CatalogOptions {
  domain?: string;
  team?: string;
  status?: string;
  limit?: number;
}

export default async function catalogSearch(ctx: Context, options: SearchOptions, words: string[] | string): Promise<number> {
  const text = Array.isArray(words) ? words.join(' ') : words;
  if (searchTerms(text).length === 0)
    throw usageError(`nothing to search for in "${text}"`, 'give one or more words, for example: dp catalog search play events');
  return withCatalog(ctx, options, { mode: 'read' }, async (catalog) => {
    const page = await catalog.listProducts({ text, domain: options.domain, team: options.team, status: options.status, limit: options.limit ?? 50 });
    if (ctx.json) printJson(ctx, { catalog: catalog.location, query: text, ...page });
    else ctx.stdout.write(productTable(page, colors(ctx.color), 'match', 'matches'));
    return 0;
  });
}
