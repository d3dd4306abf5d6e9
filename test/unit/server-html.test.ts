/** The escaping of the web catalog: one function, used by a tagged template so unescaped output needs `trusted()`. */
import { describe, expect, it } from 'vitest';
import { escapeHtml, html, joinHtml, productHref, queryString, safeUrl, SafeHtml, trusted } from '../../src/server/html.js';

describe('escapeHtml', () => {
  it('escapes the characters that matter in content and quoted attributes', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&\`</a>`)).toBe('&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&#96;&lt;/a&gt;');
  });
  it('turns control characters other than white space into U+FFFD, keeping tabs and line breaks', () => {
    expect(escapeHtml('a\u0000b\u0001c\u0008d\u000be\u001ff\u007fg')).toBe('a\uFFFDb\uFFFDc\uFFFDd\uFFFDe\uFFFDf\uFFFDg');
    expect(escapeHtml('tab\tline\nreturn\r\n<')).toBe('tab\tline\nreturn\r\n&lt;');
  });
  it('turns anything into text', () => {
    expect(escapeHtml(42)).toBe('42');
    expect(escapeHtml(null)).toBe('null');
  });
});

describe('html tagged template', () => {
  const attack = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=1">';

  it('escapes every interpolated value by default', () => {
    const out = html`<p title="${attack}">${attack}</p>`.value;
    expect(out).not.toContain('<script>');
    expect(out).not.toContain('<img');
    expect(out).not.toMatch(/onerror="/);
    expect(out).toContain('&lt;script&gt;');
  });

  it('nests templates without escaping twice, and escapes inside arrays', () => {
    const inner = html`<b>${'<i>'}</b>`;
    expect(html`<p>${inner}</p>`.value).toBe('<p><b>&lt;i&gt;</b></p>');
    expect(html`<ul>${['<x>', html`<li>ok</li>`]}</ul>`.value).toBe('<ul>&lt;x&gt;<li>ok</li></ul>');
  });

  it('prints nothing for null, undefined and false, and numbers as text', () => {
    expect(html`[${null}${undefined}${false}${0}]`.value).toBe('[0]');
  });

  it('lets through only what is marked trusted or built by html', () => {
    expect(html`${trusted('<hr>')}`.value).toBe('<hr>');
    expect(html`${new SafeHtml('<br>')}`.value).toBe('<br>');
    expect(html`${{ toString: () => '<evil>' } as unknown as string}`.value).toBe('&lt;evil&gt;');
  });

  it('joins with an escaped separator', () => {
    expect(joinHtml(['a', '<b>'], ' & ').value).toBe('a &amp; &lt;b&gt;');
  });
});

describe('links', () => {
  it('allows only http(s) and mailto URLs from documents', () => {
    expect(safeUrl('https://chat.example.com/x')).toBe('https://chat.example.com/x');
    expect(safeUrl('mailto:ana@example.com')).toBe('mailto:ana@example.com');
    expect(safeUrl('javascript:alert(1)')).toBeUndefined();
    expect(safeUrl(' JaVaScRiPt:alert(1)')).toBeUndefined();
    expect(safeUrl('data:text/html,<script>')).toBeUndefined();
    expect(safeUrl('not a url')).toBeUndefined();
    expect(safeUrl(42)).toBeUndefined();
  });

  it('encodes product ids and query values', () => {
    expect(productHref('a/b?c', '1.0.0')).toBe('/products/a%2Fb%3Fc?version=1.0.0');
    expect(queryString({ q: 'a&b', empty: '', none: undefined, page: 2 })).toBe('?q=a%26b&page=2');
    expect(queryString({})).toBe('');
  });
});
