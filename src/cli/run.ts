/**
 * What `nianbao serve` and `nianbao worker` share (the CLI shells call this): flags → config, start, wait for a
 * signal, stop.
 */
import type { Logger } from 'pino';
import { DatabaseBusyError } from '../store/db.js';
import { ConfigError, loadConfig, type ServiceConfig } from '../service/config.js';
import { RedisUnavailableError } from '../service/redis.js';
import { startService, type Service, type ServiceRoles } from './service.js';

export function intFlag(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new ConfigError(`--${name} ${value} is not a whole number ≥ 0`);
  return n;
}

/** Resolves on the first SIGTERM or SIGINT; a second one exits at once. */
export function waitForSignal(log: Logger): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    let received = false;
    const onSignal = (signal: NodeJS.Signals): void => {
      if (received) {
        log.warn({ signal }, 'second signal: exiting without waiting');
        process.exit(130);
      }
      received = true;
      log.info({ signal }, 'shutting down: finishing running jobs');
      resolve(signal);
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  });
}

/** Starts the service with the given roles, runs until a signal, stops gracefully. Exit code. */
export async function runService(
  overrides: Partial<ServiceConfig>,
  roles: (c: ServiceConfig) => ServiceRoles,
  log: Logger,
): Promise<number> {
  let config: ServiceConfig;
  try {
    config = loadConfig(process.env, overrides);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      return 2;
    }
    throw err;
  }
  let service: Service;
  try {
    service = await startService(config, roles(config), log);
  } catch (err) {
    if (err instanceof RedisUnavailableError || err instanceof DatabaseBusyError || err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      return err instanceof ConfigError ? 2 : 1;
    }
    throw err;
  }
  if (service.url) process.stderr.write(`nianbao: API on ${service.url} (bull-board: ${service.url}/admin/queues)\n`);
  await waitForSignal(log);
  await service.close();
  // Anything left holding the event loop open (a half-closed socket) must not keep us alive.
  setTimeout(() => process.exit(0), 5000).unref();
  return 0;
}
