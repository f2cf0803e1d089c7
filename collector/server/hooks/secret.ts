/** Comparing a presented secret with the configured one in constant time (digests make the lengths equal). */
import { createHash, timingSafeEqual } from 'node:crypto';

export function sameSecret(presented: string | undefined, expected: string): boolean {
  if (presented === undefined) return false;
  const digest = (s: string): Buffer => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(presented), digest(expected));
}
