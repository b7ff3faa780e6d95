/**
 * `nianbao worker`: workers only, for more machines (or more processes on one). Reads pages
 * always; with DATABASE_URL also runs the report and bulk queues. Needs the same Redis and a
 * shared data dir (the PDFs are read from <data dir>/files).
 */
import { parseArgs } from 'node:util';
import { createLogger } from '../log.js';
import { ConfigError } from '../service/config.js';
import { workerRoles } from './service.js';
import { intFlag, runService } from './run.js';

const USAGE = `usage: nianbao worker [options]
  --data-dir DIR           data directory shared with nianbao serve (NIANBAO_DATA_DIR, default ./data)
  --concurrency N          sandboxed page reads at once (NIANBAO_CONCURRENCY, default: cores)
  --report-concurrency N   report jobs at once, with DATABASE_URL (NIANBAO_REPORT_CONCURRENCY, default 4)
  --name NAME              this worker in job records and logs (NIANBAO_WORKER_NAME, default host:pid)
environment: REDIS_URL (required); DATABASE_URL to run the database stages here too`;

export async function runWorker(argv: readonly string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        'data-dir': { type: 'string' },
        concurrency: { type: 'string' },
        'report-concurrency': { type: 'string' },
        name: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  try {
    return await runService(
      {
        dataDir: values['data-dir'],
        pageConcurrency: intFlag('concurrency', values.concurrency),
        reportConcurrency: intFlag('report-concurrency', values['report-concurrency']),
        workerName: values.name,
      },
      workerRoles,
      createLogger('nianbao-worker'),
    );
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      return 2;
    }
    throw err;
  }
}
