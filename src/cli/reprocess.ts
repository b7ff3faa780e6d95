/**
 * `nianbao reprocess [--all | --year Y | --agency A | --extractor-older-than V]`: asks for a
 * bulk re-extraction of stored reports. Only Redis is needed here: the request is queued, and
 * the service (where the database is) selects the reports, records the run and starts them,
 * rate-limited and behind live uploads. Progress: GET /api/reprocess/<run id>.
 */
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { QueueEvents } from 'bullmq';
import { ConfigError, loadConfig } from '../service/config.js';
import { createQueues } from '../service/queues.js';
import { bullConnection, checkRedis, RedisUnavailableError } from '../service/redis.js';
import { requestBulkRun, type BulkRunStarted } from '../service/bulkRun.js';
import { reprocessFilterSchema, type ReprocessFilter } from '../store/reprocess.js';

const USAGE = `usage: nianbao reprocess (--all | --year Y | --agency A | --extractor-older-than V) [--wait]
  --all                      every stored report
  --year Y                   reports of year Y
  --agency A                 reports whose agency name contains A
  --extractor-older-than V   reports last extracted by an extractor older than version V
  --wait                     wait until the service has created the run, and print it
conditions combine (all must hold). environment: REDIS_URL`;

export async function runReprocess(
  argv: readonly string[],
  out: NodeJS.WritableStream = process.stdout,
): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        all: { type: 'boolean', default: false },
        year: { type: 'string' },
        agency: { type: 'string' },
        'extractor-older-than': { type: 'string' },
        wait: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    out.write(USAGE + '\n');
    return 0;
  }
  const candidate: ReprocessFilter = {
    ...(values.all ? { all: true } : {}),
    ...(values.year !== undefined ? { year: Number(values.year) } : {}),
    ...(values.agency !== undefined ? { agency: values.agency } : {}),
    ...(values['extractor-older-than'] !== undefined ? { extractorOlderThan: values['extractor-older-than'] } : {}),
  };
  const filter = reprocessFilterSchema.safeParse(candidate);
  if (!filter.success) {
    process.stderr.write(`${filter.error.issues.map((i) => i.message).join('; ')}\n${USAGE}\n`);
    return 2;
  }
  let config;
  try {
    config = loadConfig();
    await checkRedis(config.redisUrl, 5000);
  } catch (err) {
    if (err instanceof ConfigError || err instanceof RedisUnavailableError) {
      process.stderr.write(`${err.message}\n`);
      return err instanceof ConfigError ? 2 : 1;
    }
    throw err;
  }
  const queues = createQueues(config);
  const events = values.wait
    ? new QueueEvents('reprocess', { connection: bullConnection(config.redisUrl), prefix: config.queuePrefix })
    : null;
  try {
    await events?.waitUntilReady();
    const jobId = await requestBulkRun(queues, filter.data, 'cli', `cli:${userInfo().username}`);
    if (!events) {
      out.write(
        `queued re-processing request ${jobId} (${JSON.stringify(filter.data)}); follow it at GET /api/reprocess\n`,
      );
      return 0;
    }
    const job = await queues.reprocess.getJob(jobId);
    const result = (await job!.waitUntilFinished(events, 10 * 60_000)) as BulkRunStarted;
    out.write(
      `re-processing run ${result.runId}: ${result.total} reports; progress at GET /api/reprocess/${result.runId}\n`,
    );
    return 0;
  } finally {
    await events?.close();
    await queues.close();
  }
}
