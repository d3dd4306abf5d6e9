/**
 * The only place dp talks to @inquirer/prompts (loaded on first use, so that
 * non-interactive runs never pay for it). Ctrl-C at a prompt becomes an
 * `interrupted` error: exit 130, and nothing has been written yet.
 */
import type { Context } from '../context.js';
import { DpError } from '../errors.js';

export interface Choice {
  value: string;
  name?: string;
  description?: string;
}

export interface Prompter {
  askText(message: string, options?: { default?: string; validate?: (value: string) => true | string }): Promise<string>;
  askSelect(message: string, choices: Choice[], defaultValue?: string): Promise<string>;
  askConfirm(message: string, defaultValue?: boolean): Promise<boolean>;
}

function isCancel(error: unknown): boolean {
  return error instanceof Error && (error.name === 'ExitPromptError' || error.name === 'AbortPromptError' || error.name === 'CancelPromptError');
}

async function guard<T>(ask: () => Promise<T>): Promise<T> {
  try {
    return await ask();
  } catch (error) {
    if (isCancel(error)) throw new DpError('interrupted', 'interrupted: nothing was written', { cause: error });
    throw error;
  }
}

/** Prompts on stdin, drawn on stderr so that stdout keeps only results (and --json stays one document). */
export async function createPrompter(ctx: Context): Promise<Prompter> {
  const { input, select, confirm } = await import('@inquirer/prompts');
  const io = { input: process.stdin, output: ctx.stderr };
  return {
    askText: (message, options = {}) => guard(() => input({ message, default: options.default, validate: options.validate }, io)),
    askSelect: (message, choices, defaultValue) => guard(() => select({ message, choices, default: defaultValue }, io)),
    askConfirm: (message, defaultValue) => guard(() => confirm({ message, default: defaultValue }, io)),
  };
}
