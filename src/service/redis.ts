/**
 * Redis connections. BullMQ makes its own from `bullConnection` (retrying forever, so queues and
 * workers ride out a Redis restart); `checkRedis` turns "Redis is not there" into a message that
 * says what to do; `RedisProbe` answers /healthz without ever blocking on a dead Redis.
 */
import type { ConnectionOptions } from 'bullmq';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { REDIS_HELP } from './config.js';
import { withTimeout } from './timeout.js';

/** Connection options for every BullMQ queue and worker. */
export function bullConnection(redisUrl: string): ConnectionOptions {
  return {
    url: redisUrl,
    // Workers must wait for Redis to come back, not fail their commands (BullMQ requires null).
    maxRetriesPerRequest: null,
    // Reconnect quickly after a restart, never give up.
    retryStrategy: (times: number) => Math.min(100 * times, 2000),
  };
}

export class RedisUnavailableError extends Error {
  constructor(url: string, reason: string) {
    super(`cannot reach Redis at ${redactUrl(url)}: ${reason}\n${REDIS_HELP}`);
    this.name = 'RedisUnavailableError';
  }
}

/** The URL without its password, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url;
  }
}

async function pingOnce(url: string, timeoutMs: number): Promise<void> {
  const client = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    connectTimeout: timeoutMs,
    retryStrategy: () => null,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
  } finally {
    client.disconnect();
  }
}

/** Waits up to `waitMs` for Redis to answer PING; throws RedisUnavailableError with how to start it. */
export async function checkRedis(url: string, waitMs = 10_000): Promise<void> {
  const deadline = Date.now() + waitMs;
  let last: unknown;
  for (;;) {
    try {
      await pingOnce(url, Math.min(2000, Math.max(200, deadline - Date.now())));
      return;
    } catch (err) {
      last = err;
    }
    if (Date.now() >= deadline) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  const reason = last instanceof Error ? last.message || last.name : String(last);
  throw new RedisUnavailableError(url, reason);
}

const CONNECTION_ERROR =
  /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND|EPIPE|Connection is closed|connect ETIMEDOUT/;

/**
 * An 'error' listener for queues and workers: while Redis is away every connection reports
 * every reconnect attempt; this logs a connection error once per half minute (with how many
 * were left out) and anything else every time.
 */
export function connectionErrorLogger(
  log: Logger,
  message: string,
  fields: Record<string, unknown> = {},
): (err: Error) => void {
  let last = 0;
  let suppressed = 0;
  return (err) => {
    if (CONNECTION_ERROR.test(err.message)) {
      const now = Date.now();
      if (now - last < 30_000) {
        suppressed++;
        return;
      }
      last = now;
      log.warn({ ...fields, err: { message: err.message }, suppressed }, `${message}: Redis unreachable, retrying`);
      suppressed = 0;
      return;
    }
    log.error({ ...fields, err }, message);
  };
}

/** A small client for health checks: fails fast while Redis is away, reconnects by itself. */
export class RedisProbe {
  private readonly client: Redis;

  constructor(url: string) {
    this.client = new Redis(url, {
      maxRetriesPerRequest: 0,
      enableOfflineQueue: false,
      connectTimeout: 1000,
      retryStrategy: (t) => Math.min(t * 200, 2000),
    });
    this.client.on('error', () => undefined);
  }

  async ping(timeoutMs = 1000): Promise<boolean> {
    try {
      return (await withTimeout(this.client.ping(), timeoutMs)) === 'PONG';
    } catch {
      return false;
    }
  }

  close(): void {
    this.client.disconnect();
  }
}
