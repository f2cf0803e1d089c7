import { describe, expect, it } from 'vitest';
import { incidentTrailer } from './trailers.ts';

describe('incidentTrailer', () => {
  it('reads Incident and Fixes-Incident trailers on a line of their own', () => {
    expect(incidentTrailer('fix the cache\n\nIncident: inc-9')).toBe('inc-9');
    expect(incidentTrailer('fix\n\nFixes-Incident: PD-1234\nSigned-off-by: a')).toBe('PD-1234');
    expect(incidentTrailer('mention Incident: inc-1 inline')).toBeNull();
    expect(incidentTrailer('')).toBeNull();
  });
});
