/** The environment of the generating commands (dp init, dp update, dp add, dp sync), from the CLI context. */
import type { Context } from '../context.js';
import { dpVersion } from '../version.js';
import { createPrompter, type Prompter } from './prompts.js';

export interface GeneratingEnvironment {
  cwd: string;
  interactive: boolean;
  prompter: () => Promise<Prompter>;
  dpVersion: string;
  /** Today, as YYYY-MM-DD. */
  date: string;
}

/** Prompts are created on first use only, so that a run with every answer never loads them. */
export function environmentOf(ctx: Context): GeneratingEnvironment {
  let prompter: Promise<Prompter> | undefined;
  return {
    cwd: ctx.cwd,
    interactive: ctx.interactive,
    prompter: () => (prompter ??= createPrompter(ctx)),
    dpVersion: dpVersion(),
    date: new Date().toISOString().slice(0, 10),
  };
}
