/**
 * The webhook receivers `pulse serve` mounts under /hooks/: each only when its secret is set (the environment
 * variables named in pulse.yaml `webhooks`).
 */
import type { Store } from '../../store/db.ts';
import type { PulseConfig } from '../../config/schema.ts';
import { deliverySettings } from '../../sources/delivery/settings.ts';
import type { HttpRequest, HttpResponse } from '../router.ts';
import { eventsHook } from './events.ts';
import { alertmanagerHook } from './alertmanager.ts';
import { githubHook } from './github.ts';
import { gitlabHook } from './gitlab.ts';
import { serialQueue } from './queue.ts';
import type { HookDeps } from './receive.ts';

export type HookHandler = (request: HttpRequest) => Promise<HttpResponse>;

export interface Hooks {
  /** By name: /hooks/<name>. */
  handlers: Record<string, HookHandler>;
  /** One line per receiver: mounted, or the variable that would enable it. */
  describe: string[];
}

export function createHooks(store: Store, config: PulseConfig, env: NodeJS.ProcessEnv, now: () => number = Date.now): Hooks {
  const deps: HookDeps = { store, settings: deliverySettings(config), maxBodyBytes: config.webhooks.max_body_bytes, serial: serialQueue(), now };
  const handlers: Record<string, HookHandler> = {};
  const describe: string[] = [];
  const mount = (name: string, variable: string, make: (secret: string) => HookHandler): void => {
    const secret = env[variable];
    if (secret) {
      handlers[name] = make(secret);
      describe.push(`/hooks/${name} (secret from $${variable})`);
    } else {
      describe.push(`/hooks/${name} is off: set $${variable} to receive it`);
    }
  };
  mount('github', config.webhooks.github_secret_env, (secret) => githubHook(deps, secret));
  mount('gitlab', config.webhooks.gitlab_token_env, (token) => gitlabHook(deps, token));
  mount('events', config.webhooks.events_token_env, (token) => eventsHook(deps, token));
  mount('alertmanager', config.alertmanager.token_env, (token) => alertmanagerHook(deps, token));
  return { handlers, describe };
}
