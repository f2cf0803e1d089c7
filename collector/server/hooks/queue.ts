/**
 * Webhook writes one at a time: the store has one connection and StoreWriter transactions must not interleave
 * (a second delivery would otherwise join, and commit or roll back, the first one's transaction).
 */
export type Serial = <T>(work: () => Promise<T>) => Promise<T>;

export function serialQueue(): Serial {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(work: () => Promise<T>): Promise<T> => {
    const result = tail.then(work);
    tail = result.catch(() => undefined);
    return result;
  };
}
