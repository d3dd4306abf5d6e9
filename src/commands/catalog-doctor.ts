/**
 * dp catalog doctor: checks a catalog's consistency (src/catalog/doctor.ts).
 * Exit 0 sound (odd content is a warning), 1 damage found (also a database that
 * opens but fails while being read), 2 the catalog cannot be opened or used.
 */
import { printJson, type Context } from '../context.js';
import { examine } from '../catalog/doctor.js';
import { doctorReport } from '../catalog/format/doctor.js';
import { withDatabaseStore } from '../server/token-store.js';

export interface DoctorOptions {
  catalog?: string;
}

export default async function doctor(ctx: Context, options: DoctorOptions): Promise<number> {
  const report = await withDatabaseStore(ctx, options.catalog, 'read', 'checks run', examine);
  const sound = report.damage.length === 0;
  if (ctx.json) {
    const { damage, oddities, ...rest } = report;
    printJson(ctx, { ...rest, sound, problems: damage, warnings: oddities });
  } else ctx.stdout.write(doctorReport(report));
  return sound ? 0 : 1;
}
