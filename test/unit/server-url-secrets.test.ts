/** Credentials in request URLs: what is refused, and how URLs are logged. */
import { describe, expect, it } from 'vitest';
import { redactedUrl, secretInUrl } from '../../src/server/url-secrets.js';

const TOKEN = `dpt_${'Ab3_-'.repeat(8)}xyz`;

describe('secretInUrl', () => {
  it('finds a dp token anywhere, also percent-encoded, and parameters named like credentials', () => {
    expect(secretInUrl(`/api/products?token=${TOKEN}`)).toBe('a dp token');
    expect(secretInUrl(`/products/${TOKEN}`)).toBe('a dp token');
    expect(secretInUrl(`/api/products/x?t=${TOKEN.replace('_', '%5F')}`)).toBe('a dp token');
    expect(secretInUrl('/mesh?password=hunter2')).toBe('the query parameter "password"');
    expect(secretInUrl('/?q=a&API_KEY=1')).toBe('the query parameter "API_KEY"');
    expect(secretInUrl('/?q=a&access%5Ftoken=1')).toBe('the query parameter "access_token"');
  });

  it('leaves ordinary URLs alone, words like token in a search included', () => {
    for (const url of [
      '/',
      '/?q=token',
      '/?q=dpt_short',
      '/products/adpt-analytics',
      '/api/products?q=password%20reset&limit=5',
      '/products/x?version=1.0.0',
    ]) {
      expect(secretInUrl(url), url).toBeUndefined();
    }
  });
});

describe('redactedUrl', () => {
  it('replaces tokens and the values of credential parameters, and keeps the rest', () => {
    expect(redactedUrl(`/api/products?token=${TOKEN}&limit=5`)).toBe('/api/products?token=[redacted]&limit=5');
    expect(redactedUrl(`/products/${TOKEN}`)).toBe('/products/[redacted]');
    expect(redactedUrl(`/x?t=${TOKEN.replace('_', '%5F')}`)).toBe('/x?t=[redacted]');
    expect(redactedUrl('/mesh?domain=player&password=hunter2')).toBe('/mesh?domain=player&password=[redacted]');
    expect(redactedUrl('/?q=play%20events&page=2')).toBe('/?q=play%20events&page=2');
  });
});
