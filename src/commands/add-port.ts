/** dp add port <name:kind> [dir]: an output port added through the product's template pack. */
import type { Context } from '../context.js';
import { addPort, type AddOptions } from '../scaffold/update/add.js';
import { mergeEnvironment, printMerge } from '../scaffold/update/environment.js';

export default async function addPortCommand(ctx: Context, options: AddOptions, spec: string, dir?: string): Promise<number> {
  return printMerge(ctx, await addPort(mergeEnvironment(ctx), 'output', spec, options, dir));
}
