/** Which ids a reader would take for one another: case twins and look-alike letters. */
import { describe, expect, it } from 'vitest';
import { lookalikeKeys, skeleton } from '../../src/descriptor/lookalike.js';

const collide = (a: string, b: string) => lookalikeKeys(a).some((k) => lookalikeKeys(b).includes(k));

describe('look-alike ids', () => {
  it('fold Cyrillic and Greek look-alikes, compatibility forms and 0/O, 1/l/I onto Latin', () => {
    expect(skeleton('plаy-еvеnts')).toBe('play-events'); // Cyrillic а, е
    expect(skeleton('ΡΛΑΥ')).not.toBe('play'); // Λ is no A
    expect(skeleton('ΤΟΚΕΝ')).toBe('token'); // Greek capitals
    expect(skeleton('ｐｌａｙ')).toBe('play'); // fullwidth, by NFKC
    expect(skeleton('pIay')).toBe('play');
    expect(skeleton('0rders-v1')).toBe('orders-vl');
    expect(skeleton('νideo')).toBe('video'); // Greek small nu passes for v
    expect(skeleton('Νews')).toBe('news'); // Greek capital nu passes for N
  });

  it('collide for case twins and look-alikes, not for different words', () => {
    expect(collide('play-events', 'Play-Events')).toBe(true);
    expect(collide('play-events', 'plаy-events')).toBe(true);
    expect(collide('Ice-cream', 'ice-cream')).toBe(true);
    expect(collide('lce-cream', 'Ice-cream')).toBe(true);
    expect(collide('sales-eu', 'sales-us')).toBe(false);
    expect(collide('play-events', 'play-event')).toBe(false);
    expect(collide('orders-2024', 'orders-2025')).toBe(false);
  });
});
