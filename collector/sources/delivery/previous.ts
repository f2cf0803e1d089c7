/**
 * The previous successful deployment of the same service and environment, for every successful deployment:
 * the base of the compare that yields a deployment's commits. Failed attempts are skipped; the first successful
 * deployment has none (its change set is unknown). Pure.
 */

export interface PreviousInput {
  deployment_id: string;
  service: string;
  environment: string;
  status: string;
  finished_at: number;
}

/** deployment id → previous successful deployment id (null for the first); only successful deployments appear. */
export function previousSuccessful(deployments: readonly PreviousInput[]): Map<string, string | null> {
  const groups = new Map<string, PreviousInput[]>();
  for (const d of deployments) {
    if (d.status !== 'success') continue;
    const key = `${d.service}\u0000${d.environment}`;
    const list = groups.get(key) ?? [];
    list.push(d);
    groups.set(key, list);
  }
  const out = new Map<string, string | null>();
  for (const list of groups.values()) {
    list.sort((a, b) => a.finished_at - b.finished_at || a.deployment_id.localeCompare(b.deployment_id));
    list.forEach((d, i) => out.set(d.deployment_id, i === 0 ? null : (list[i - 1] as PreviousInput).deployment_id));
  }
  return out;
}
