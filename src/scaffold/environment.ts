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
  /** Now, as an ISO 8601 instant (sample data is dated just before it). */
  now?: string;
}

function today(): Pick<GeneratingEnvironment, 'date' | 'now'> {
  const now = new Date().toISOString();
  return { date: now.slice(0, 10), now };
}

/** Prompts are created on first use only, so that a run with every answer never loads them. */
export function environmentOf(ctx: Context): GeneratingEnvironment {
  let prompter: Promise<Prompter> | undefined;
  return {
    cwd: ctx.cwd,
    interactive: ctx.interactive,
    prompter: () => (prompter ??= createPrompter(ctx)),
    dpVersion: dpVersion(),
    ...today(),
  };
}
