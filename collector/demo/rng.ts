/** Deterministic randomness for the demo world: the same seed gives the same world, byte for byte. */

/** mulberry32: a small, fast, seedable PRNG. Returns a function yielding floats in [0, 1). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Stateless noise in [0, 1) for a tuple of integers: lets any minute of any GPU be computed on its own, so a
 * test can recompute a value without replaying the generator.
 */
export function noise(a: number, b: number, c: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b);
  h = Math.imul(h ^ (b + 0x632be5ab), 0xc2b2ae35);
  h = Math.imul(h ^ (c + 0x27d4eb2f), 0x165667b1);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  return (h >>> 0) / 4294967296;
}

export function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

export function between(random: () => number, low: number, high: number): number {
  return low + random() * (high - low);
}

/** A stable 16-hex-digit id from text (FNV-1a 64), for commit shas and alert fingerprints in the demo. */
export function hexId(text: string, length = 16): string {
  let h = 0xcbf29ce484222325n;
  for (let i = 0; i < text.length; i++) {
    h ^= BigInt(text.charCodeAt(i));
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  let out = h.toString(16).padStart(16, '0');
  while (out.length < length) out += hexId(out, 16);
  return out.slice(0, length);
}
