/** The catalog's word rule (src/catalog/words.ts): what folds, what stays apart, and that it is one rule. */
import { describe, expect, it } from 'vitest';
import { newVersion, searchTextOf } from '../../src/catalog/record.js';
import { foldText, searchWords } from '../../src/catalog/words.js';
import { playerProduct, toCandidate } from '../support/catalog.js';

/** Every assigned code point but surrogates and private use: unassigned ones are none of a letter, digit or mark. */
function* codePoints(): Generator<string> {
  for (let cp = 0; cp < 0x110000; cp += 1) {
    const c = String.fromCodePoint(cp);
    if (!/[\p{Cn}\p{Cs}\p{Co}]/u.test(c)) yield c;
  }
}

/** The rule as its comment states it, on the whole text at once: searchWords folds piece by piece. */
const WORD = /[\p{L}\p{N}]+/gu;
const reference = (text: string) => [
  ...new Set(text.normalize('NFKD').replace(/\p{M}/gu, '').toUpperCase().toLowerCase().replace(/ß/g, 'ss').replace(/ς/g, 'σ').match(WORD) ?? []),
];

describe('search words', () => {
  it('fold accents and case, so that what users type without accents finds what was written with them', () => {
    for (const text of ['données', 'DONNÉES', 'Donnees', 'donnéеs'.replace('е', 'e')]) expect(searchWords(text)).toEqual(['donnees']);
    expect(searchWords('Café naïve Ærø')).toEqual(['cafe', 'naive', 'ærø']);
    expect(searchWords('user_email, played-at')).toEqual(['user', 'email', 'played', 'at']);
  });

  it('fold in other scripts: Cyrillic й and и, Greek tonos and final sigma', () => {
    expect(searchWords('Йогурт йод')).toEqual(['иогурт', 'иод']);
    expect(searchWords('Άλφα ΩΜΈΓΑ λόγος ΛΌΓΟΣ')).toEqual(['αλφα', 'ωμεγα', 'λογοσ']);
    expect(searchWords('東京 タワー')).toEqual(['東京', 'タワー']);
  });

  it('take compatibility forms as what users type (NFKD): ligatures, full-width letters, superscripts', () => {
    expect(searchWords('ﬁles ﬂow')).toEqual(['files', 'flow']);
    expect(searchWords('ＤＡＴＡ　Ｐｒｏｄｕｃｔ')).toEqual(['data', 'product']);
    expect(searchWords('m² ½')).toEqual(['m2', '1', '2']);
    expect(searchWords('Straße STRASSE ẞ')).toEqual(['strasse', 'ss']);
  });

  it('keep apart letters that are not accented forms of each other', () => {
    expect(searchWords('æ ø ł đ ı')).toEqual(['æ', 'ø', 'ł', 'đ', 'i']);
    // Words written with combining marks (decomposed) are one word, as the composed form is.
    expect(searchWords('cafe\u0301s')).toEqual(['cafes']);
  });

  it('are the words of the whole text folded at once, for every code point, whatever surrounds it', () => {
    const contexts = (c: string) => [c, `a${c}${c}b`, `É ${c}ß`, `${c.toUpperCase()} x${c}`];
    let checked = 0;
    for (const c of codePoints()) {
      for (const text of contexts(c)) {
        const words = searchWords(text);
        if (words.join(' ') !== reference(text).join(' ')) expect(words, JSON.stringify(text)).toEqual(reference(text));
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(500_000);
  });

  it('are stable: the words of stored words are themselves (the indexes keep them as they are)', () => {
    for (const c of codePoints()) {
      const once = searchWords(c).join(' ');
      if (searchWords(once).join(' ') !== once || once !== once.toLowerCase()) expect(searchWords(once).join(' '), JSON.stringify(c)).toBe(once);
    }
  });

  it('leave ASCII as lower case', () => {
    expect(foldText('Play Events_2026')).toBe('play events_2026');
  });

  it('are folded in the stored search text, never in what users are shown', () => {
    const product = playerProduct();
    product.descriptor.name = 'Données d’écoute';
    product.descriptor.description.purpose = 'Écoutes du CAFÉ.';
    const candidate = toCandidate(product);
    const version = newVersion(candidate, { digest: 'd', publisher: 'ana', publishedAt: '2026-01-01T00:00:00.000Z', previousVersion: null, changes: [] });
    expect(version.name).toBe('Données d’écoute');
    expect(version.purpose).toBe('Écoutes du CAFÉ.');
    expect(version.searchTitle).toBe('play events donnees d ecoute');
    expect(searchTextOf(candidate.documents).split(' ')).toEqual(expect.arrayContaining(['donnees', 'ecoute', 'ecoutes', 'cafe']));
  });
});
