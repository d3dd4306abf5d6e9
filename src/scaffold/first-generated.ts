/**
 * The instant a product was first generated, from its own record (`.dp/answers.yaml`, written by
 * dp init): applying the template again (`--force`) dates the sample data as the first run did, so
 * an unchanged sample is not reported as changed. A new product, or one without a readable record,
 * is dated now.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadSource } from '../descriptor/source.js';

export function firstGenerated(productDir: string): string | undefined {
  const path = join(productDir, '.dp', 'answers.yaml');
  if (!existsSync(path)) return undefined;
  const at = loadSource(path, path).value?.generatedAt;
  return typeof at === 'string' && !Number.isNaN(Date.parse(at)) ? new Date(at).toISOString() : undefined;
}
