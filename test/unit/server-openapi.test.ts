/** The OpenAPI description: 3.1, every reference resolves, every API route and error code is described. */
import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../../src/server/openapi.js';
import { ERROR_CODES } from '../../src/server/errors.js';

function refs(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => refs(v, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string') out.push(v);
      else refs(v, out);
    }
  }
  return out;
}

describe('openApiDocument', () => {
  const doc = openApiDocument() as {
    openapi: string;
    paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    components: { schemas: Record<string, unknown> };
  };

  it('is OpenAPI 3.1 and every $ref points at a component', () => {
    expect(doc.openapi).toBe('3.1.0');
    for (const ref of refs(doc)) {
      expect(ref).toMatch(/^#\/components\/schemas\//);
      expect(doc.components.schemas[ref.split('/').pop()!]).toBeDefined();
    }
  });

  it('describes every endpoint of the API', () => {
    expect(Object.keys(doc.paths).sort()).toEqual(
      [
        '/api',
        '/api/contracts/publishers',
        '/api/edges',
        '/api/facets',
        '/api/products',
        '/api/products/{id}',
        '/api/products/{id}/consumers',
        '/api/products/{id}/upstream',
        '/api/products/{id}/versions',
        '/api/products/{id}/versions/{version}',
        '/api/publish',
        '/api/products/{id}/runs',
        '/api/products/{id}/runs/latest',
        '/api/runs',
        '/healthz',
        '/readyz',
        '/api/access-requests',
        '/api/access-requests/{id}',
        '/api/access-requests/{id}/{decision}',
        '/api/access-audit',
        '/api/engine-history',
        '/api/erasure-requests',
        '/api/erasure-requests/{id}',
        '/api/erasure-tasks',
        '/api/erasure-tasks/{id}/applied',
        '/api/erasure-tasks/{id}/confirm',
      ].sort(),
    );
  });

  it('describes recording and reading test runs: a bearer token to record, pages to read', () => {
    const post = doc.paths['/api/runs'].post as unknown as { security: unknown[]; responses: Record<string, unknown> };
    expect(post.security).toEqual([{ bearer: [] }]);
    expect(Object.keys(post.responses).sort()).toEqual(['200', '400', '401', '413', '503']);
    const runs = doc.paths['/api/products/{id}/runs'].get as unknown as { parameters: Array<{ name: string }> };
    expect(runs.parameters.map((p) => p.name)).toEqual(['id', 'port', 'server', 'before', 'limit']);
    const page = doc.components.schemas.RunPage as { properties: Record<string, unknown> };
    expect(Object.keys(page.properties)).toEqual(['items', 'next']);
    const request = doc.components.schemas.RunsRequest as { properties: { runs: { maxItems: number; items: { properties: Record<string, unknown> } } } };
    expect(request.properties.runs.maxItems).toBe(100);
    expect(Object.keys(request.properties.runs.items.properties)).toEqual(
      expect.arrayContaining(['productId', 'productVersion', 'port', 'server', 'startedAt', 'finishedAt', 'checks']),
    );
    expect(Object.keys(request.properties.runs.items.properties)).not.toContain('samples');
  });

  it('lists the publish errors and the stable error codes', () => {
    expect(Object.keys(doc.paths['/api/publish'].post.responses).sort()).toEqual(['200', '400', '401', '403', '409', '413', '422', '503']);
    const codes = (doc.components.schemas.Error as { properties: { error: { properties: { code: { enum: string[] } } } } }).properties.error.properties.code
      .enum;
    for (const code of Object.keys(ERROR_CODES)) expect(codes).toContain(code);
  });
});
