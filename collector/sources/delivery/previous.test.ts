import { describe, expect, it } from 'vitest';
import { previousSuccessful } from './previous.ts';

describe('previousSuccessful', () => {
  it('skips failures and keeps services and environments apart', () => {
    const prev = previousSuccessful([
      { deployment_id: 'a3', service: 's', environment: 'production', status: 'success', finished_at: 3 },
      { deployment_id: 'a1', service: 's', environment: 'production', status: 'success', finished_at: 1 },
      { deployment_id: 'a2', service: 's', environment: 'production', status: 'failure', finished_at: 2 },
      { deployment_id: 'st', service: 's', environment: 'staging', status: 'success', finished_at: 2 },
      { deployment_id: 'b1', service: 't', environment: 'production', status: 'success', finished_at: 2 },
    ]);
    expect(Object.fromEntries(prev)).toEqual({ a1: null, a3: 'a1', st: null, b1: null });
  });
});
