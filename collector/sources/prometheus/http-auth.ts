/**
 * HTTP authentication shared by the Prometheus API client and the scraper.
 *
 * - `HttpAuth`: bearer token or basic auth, holding secret *values* the caller has already resolved.
 * - `authorizationHeader(auth)`: the `Authorization` header value.
 * - `httpAuthConfigFields`: config fields naming environment variables only (`bearer_token_env`,
 *   `basic_auth: {username, password_env}`), and `resolveHttpAuth(config, env)` turning them into values from
 *   an environment the caller passes in (e.g. `process.env`); secrets never live in config files.
 */
import { z } from 'zod';
import type { Labels } from './exposition-types.ts';

export type HttpAuth =
  | { readonly kind: 'bearer'; readonly token: string }
  | { readonly kind: 'basic'; readonly username: string; readonly password: string };

/** An environment map as `process.env` is one. */
export type Environment = Readonly<Record<string, string | undefined>>;

/** A configured environment variable that is unset or empty. */
export class MissingSecretError extends Error {
  override readonly name = 'MissingSecretError';

  constructor(
    readonly variable: string,
    readonly purpose: string,
  ) {
    super(`environment variable ${variable} (${purpose}) is not set`);
  }
}

export function authorizationHeader(auth: HttpAuth): string {
  if (auth.kind === 'bearer') return `Bearer ${auth.token}`;
  return `Basic ${Buffer.from(`${auth.username}:${auth.password}`, 'utf8').toString('base64')}`;
}

/** Headers with `Authorization` added when `auth` is given. */
export function withAuthorization(headers: Labels, auth: HttpAuth | undefined): Labels {
  return auth === undefined ? headers : { ...headers, Authorization: authorizationHeader(auth) };
}

export const envNameSchema = z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'an environment variable name such as PROMETHEUS_TOKEN');

/** Spread into a `z.object({...})`; pair with `exclusiveAuth` to reject both at once. */
export const httpAuthConfigFields = {
  /** Environment variable holding a bearer token. */
  bearer_token_env: envNameSchema.optional(),
  basic_auth: z
    .object({
      username: z.string().min(1),
      /** Environment variable holding the password. */
      password_env: envNameSchema,
    })
    .strict()
    .optional(),
};

export interface HttpAuthConfig {
  readonly bearer_token_env?: string | undefined;
  readonly basic_auth?: { readonly username: string; readonly password_env: string } | undefined;
}

/** A `superRefine` check: bearer and basic auth exclude each other. */
export function exclusiveAuth(config: HttpAuthConfig, ctx: z.RefinementCtx): void {
  if (config.bearer_token_env !== undefined && config.basic_auth !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['basic_auth'], message: 'use either bearer_token_env or basic_auth, not both' });
  }
}

function secret(env: Environment, variable: string, purpose: string): string {
  const value = env[variable];
  if (value === undefined || value === '') throw new MissingSecretError(variable, purpose);
  return value;
}

/** @throws MissingSecretError when a named variable is unset or empty. */
export function resolveHttpAuth(config: HttpAuthConfig, env: Environment): HttpAuth | undefined {
  if (config.bearer_token_env !== undefined) return { kind: 'bearer', token: secret(env, config.bearer_token_env, 'bearer token') };
  if (config.basic_auth !== undefined) {
    return { kind: 'basic', username: config.basic_auth.username, password: secret(env, config.basic_auth.password_env, 'basic auth password') };
  }
  return undefined;
}
