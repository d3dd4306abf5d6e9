/** dp diff <a> <b>: the classified changes from a to b (directories or catalog versions); exit 1 when breaking. */
import { printJson, type Context } from '../context.js';
import { diffProducts } from '../catalog/diff/diff.js';
import { isBreaking } from '../catalog/diff/rules.js';
import { diffReport } from '../catalog/format/changes.js';
import { colors } from '../catalog/format/text.js';
import { locate, type CatalogOptions } from '../catalog/session.js';
import { loadDirectory, loadFromCatalog, parseSide, type LoadedSide, type Side } from '../catalog/sides.js';
import type { Catalog } from '../catalog/store.js';

export default async function diff(ctx: Context, options: CatalogOptions, a: string, b: string): Promise<number> {
  const sides = [parseSide(ctx.cwd, a), parseSide(ctx.cwd, b)];
  let catalog: Catalog | undefined;
  const load = async (side: Side): Promise<LoadedSide> => {
    if (side.kind === 'directory') return loadDirectory(ctx.cwd, side.path);
    if (!catalog) {
      const { openCatalog } = await import('../catalog/open.js');
      catalog = await openCatalog(await locate(ctx, options), { mode: 'read', token: ctx.env.DP_CATALOG_TOKEN });
    }
    return loadFromCatalog(catalog, side.ref);
  };
  try {
    const before = await load(sides[0]);
    const after = await load(sides[1]);
    const changes = diffProducts(before.documents, after.documents);
    const breaking = changes.some(isBreaking);
    if (ctx.json) {
      const side = (s: LoadedSide) => ({ label: s.label, productId: s.productId, version: s.version });
      printJson(ctx, { from: side(before), to: side(after), breaking, changes });
    } else ctx.stdout.write(diffReport({ before, after, changes }, colors(ctx.color)));
    return breaking ? 1 : 0;
  } finally {
    await (catalog as Catalog | undefined)?.close();
  }
}
