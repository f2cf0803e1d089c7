/**
 * The Cost Explorer client: credentials from the SDK's default chain (environment, SSO, profiles, instance
 * roles) or the named profile of pulse.yaml; Pulse stores none. Throttling (LimitExceededException) is retried by
 * the SDK's standard retry strategy with backoff.
 */
import { CostExplorerClient, type CostExplorerClientConfig } from '@aws-sdk/client-cost-explorer';
import type { AwsConfig } from '../../config/cost.ts';

/** Attempts per page, the first included: throttled pages are retried with exponential backoff. */
export const MAX_ATTEMPTS = 8;

export function costExplorerClient(config: AwsConfig, overrides: CostExplorerClientConfig = {}): CostExplorerClient {
  return new CostExplorerClient({
    region: config.region,
    ...(config.profile ? { profile: config.profile } : {}),
    maxAttempts: MAX_ATTEMPTS,
    retryMode: 'standard',
    ...overrides,
  });
}
