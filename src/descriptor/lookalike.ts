/**
 * When two identifiers would be taken for one another by a reader: the same letters in another
 * case, or the same look once compatibility forms are folded (NFKC) and the common look-alikes
 * of Latin letters in Cyrillic and Greek (and 0/O, 1/l/I) are replaced by the Latin letter.
 * A subset of Unicode's confusable skeletons (UTS #39) for single characters; ids outside the
 * safe set are refused by `safe-identifiers` anyway, this also covers policies that turn it off.
 */

/**
 * Each look-alike, as written (case matters: Greek capital nu passes for N, small nu for v), by
 * the Latin letter it passes for, in lowercase.
 */
const LOOKALIKES: Record<string, string> = {
  a: 'аАαΑɑ',
  b: 'ВвΒЬь',
  c: 'сСϲϹ',
  d: 'ԁ',
  e: 'еЕёЁΕ',
  g: 'ɡ',
  h: 'НнһΗ',
  i: 'іІїЇΙιı',
  j: 'јЈϳȷ',
  k: 'кКκΚ',
  l: 'IӏӀℓǀ1|',
  m: 'МмΜ',
  n: 'ΝпП',
  o: 'оОοΟ0',
  p: 'рРρΡ',
  q: 'ԛ',
  s: 'ѕЅ',
  t: 'ТтτΤ',
  u: 'υ',
  v: 'νѵѴ',
  w: 'ԝѡ',
  x: 'хХχΧ',
  y: 'уУүҮΥ',
  z: 'Ζ',
};

const TO_LATIN = new Map<string, string>();
for (const [latin, others] of Object.entries(LOOKALIKES)) for (const ch of others) TO_LATIN.set(ch, latin);

/** The form two ids share when a reader could take one for the other (besides a case difference). */
export function skeleton(id: string): string {
  let out = '';
  for (const ch of id.normalize('NFKC')) out += TO_LATIN.get(ch) ?? ch.toLowerCase();
  return out;
}

/** Keys under which a look-alike of the id is found: its lowercase form and its skeleton. */
export function lookalikeKeys(id: string): string[] {
  return [`case:${id.toLowerCase()}`, `skeleton:${skeleton(id)}`];
}
