/**
 * `nianbao serve`: the whole service in one process, for a single machine: HTTP API, watched
 * folder, scheduler, reconciler and workers. Settings: environment (docs/service.md), flags win.
 */
import { parseArgs } from 'node:util';
import { createLogger } from '../log.js';
import { ConfigError } from '../service/config.js';
import { serveRoles } from './service.js';
import { intFlag, runService } from './run.js';

const USAGE = `usage: nianbao serve [options]
  --port N                 HTTP port (NIANBAO_PORT, default 8080)
  --host ADDR              bind address (NIANBAO_HOST, default 127.0.0.1)
  --data-dir DIR           data directory (NIANBAO_DATA_DIR, default ./data)
  --watch DIR              watch this folder for PDFs (NIANBAO_WATCH_DIR)
  --poll                   poll the watched folder, for network shares (NIANBAO_WATCH_POLL=1)
  --concurrency N          sandboxed page reads at once (NIANBAO_CONCURRENCY, default: cores; 0: none here)
  --report-concurrency N   report jobs at once (NIANBAO_REPORT_CONCURRENCY, default 4)
environment: REDIS_URL (required), DATABASE_URL (default: embedded PGlite in the data dir)`;

export async function runServe(argv: readonly string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'data-dir': { type: 'string' },
        watch: { type: 'string' },
        poll: { type: 'boolean' },
        concurrency: { type: 'string' },
        'report-concurrency': { type: 'string' },
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
        port: intFlag('port', values.port),
        host: values.host,
        dataDir: values['data-dir'],
        watchDir: values.watch,
        watchPolling: values.poll ? true : undefined,
        pageConcurrency: intFlag('concurrency', values.concurrency),
        reportConcurrency: intFlag('report-concurrency', values['report-concurrency']),
      },
      serveRoles,
      createLogger('nianbao'),
    );
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      return 2;
    }
    throw err;
  }
}
