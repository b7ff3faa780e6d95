/** Whether the service's two stores answer: Redis (the queues) and the database. For GET /healthz. */
import type { Queryable } from '../store/db.js';
import type { RedisProbe } from './redis.js';
import { withTimeout } from './timeout.js';

export interface Health {
  ok: boolean;
  redis: boolean;
  database: boolean;
}

/** Never hangs: Redis gets 1 s, the database 2 s; no answer counts as down. */
export async function checkHealth(deps: { redis: RedisProbe; db: Queryable }): Promise<Health> {
  const [redis, database] = await Promise.all([
    deps.redis.ping(1000),
    withTimeout(deps.db.query('SELECT 1'), 2000).then(
      () => true,
      () => false,
    ),
  ]);
  return { ok: redis && database, redis, database };
}
