import type { Reporter } from './types.js';

export const FORMATS = ['stylish', 'json', 'junit', 'sarif', 'github'] as const;
export type Format = (typeof FORMATS)[number];

/** Reporters load on demand: most runs use one. */
export async function loadReporter(format: Format): Promise<Reporter> {
  switch (format) {
    case 'stylish':
      return (await import('./stylish.js')).stylish;
    case 'json':
      return (await import('./json.js')).json;
    case 'junit':
      return (await import('./junit.js')).junit;
    case 'sarif':
      return (await import('./sarif.js')).sarif;
    case 'github':
      return (await import('./github.js')).github;
  }
}
