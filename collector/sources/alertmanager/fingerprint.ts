/**
 * Alertmanager's alert fingerprint: FNV-1a 64 over the label set sorted by name, each name and value followed
 * by the byte 0xff, printed as 16 hex digits (prometheus/common model.LabelSet.Fingerprint). Pulse computes it
 * from the labels rather than trusting the payload: Alertmanager-compatible senders (vmalert, proxies) send
 * none, or one per group. Pure.
 */
const OFFSET = 0xcbf29ce484222325n;
const PRIME = 0x100000001b3n;
const MASK = 0xffffffffffffffffn;
const SEPARATOR = 0xff;

export function labelsFingerprint(labels: Readonly<Record<string, string>>): string {
  let hash = OFFSET;
  const add = (byte: number): void => {
    hash = ((hash ^ BigInt(byte)) * PRIME) & MASK;
  };
  const encoder = new TextEncoder();
  for (const name of Object.keys(labels).sort(byBytes)) {
    for (const byte of encoder.encode(name)) add(byte);
    add(SEPARATOR);
    for (const byte of encoder.encode(labels[name] ?? '')) add(byte);
    add(SEPARATOR);
  }
  return hash.toString(16).padStart(16, '0');
}

/** Go sorts strings by bytes; for UTF-8 that is code point order, which JS's default sort is not. */
function byBytes(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = (x[i]?.codePointAt(0) ?? 0) - (y[i]?.codePointAt(0) ?? 0);
    if (d !== 0) return d;
  }
  return x.length - y.length;
}
