/**
 * Which service a repository's deployment or commit belongs to, from the configured services
 * (`delivery.services`: name, repository, optional path globs for monorepos, team). Pure.
 */
import { matchesAny } from './glob.ts';

export interface ServiceRule {
  name: string;
  repository: string;
  /** Path globs inside the repository; empty: the whole repository. */
  paths: readonly string[];
  team: string | null;
}

function sameRepo(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

export function rulesOf(rules: readonly ServiceRule[], repository: string): ServiceRule[] {
  return rules.filter((r) => sameRepo(r.repository, repository));
}

/**
 * The service of a deployment of `repository`: the one the deployment names (GitHub deployment payload
 * `service`, or an environment `production/<service>`) when it is one of the repository's services; else the
 * repository's only service, or its service without path globs; else the repository itself (full name), so an
 * unconfigured repository is still one service.
 */
export function deploymentService(rules: readonly ServiceRule[], repository: string, named: string | null): string {
  const own = rulesOf(rules, repository);
  if (named !== null) {
    const hit = own.find((r) => r.name === named);
    if (hit) return hit.name;
  }
  if (own.length === 1) return (own[0] as ServiceRule).name;
  const whole = own.filter((r) => r.paths.length === 0);
  if (whole.length === 1) return (whole[0] as ServiceRule).name;
  return repository;
}

/** Whether a commit touching `files` belongs to `service` (services without globs take every commit). */
export function commitTouches(rules: readonly ServiceRule[], repository: string, service: string, files: readonly string[]): boolean {
  const rule = rulesOf(rules, repository).find((r) => r.name === service);
  if (!rule || rule.paths.length === 0) return true;
  return matchesAny(rule.paths, files);
}

/** True when the service is a monorepo slice: its commits must be filtered by the files they touch. */
export function needsFiles(rules: readonly ServiceRule[], repository: string, service: string): boolean {
  return rulesOf(rules, repository).some((r) => r.name === service && r.paths.length > 0);
}

/** The first configured service of the repository whose globs the files touch (commits seen outside a deployment). */
export function commitService(rules: readonly ServiceRule[], repository: string, files: readonly string[] | null): string {
  const own = rulesOf(rules, repository);
  if (files !== null) {
    const sliced = own.find((r) => r.paths.length > 0 && matchesAny(r.paths, files));
    if (sliced) return sliced.name;
  }
  return deploymentService(rules, repository, null);
}
