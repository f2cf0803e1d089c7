import type { JSX } from 'react';

export function Spinner({ label = 'Loading' }: { label?: string }): JSX.Element {
  return <span className="spinner" role="status" aria-label={label} />;
}
