/** The reporters of dp test, each loaded when its format is asked for. */
import type { TestFormat, TestReporter } from './types.js';

export async function loadTestReporter(format: TestFormat): Promise<TestReporter> {
  switch (format) {
    case 'stylish':
      return (await import('./stylish.js')).stylish;
    case 'json':
      return (await import('./json.js')).json;
    case 'junit':
      return (await import('./junit.js')).junit;
    case 'github':
      return (await import('./github.js')).github;
  }
}
