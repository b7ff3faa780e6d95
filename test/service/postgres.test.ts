/**
 * The service on PostgreSQL (a server of its own, or DATABASE_URL's): the same migrations and SQL as on
 * PGlite, and with a shareable database a `nianbao worker` process runs the database stages
 * (report jobs) too, beside the serving process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractReport } from '../../src/extractors/pipeline.js';
import { getVersion, listVersions } from '../../src/store/reports.js';
import { PROCESSED_DIR } from '../../src/workers/watcher.js';
import { POSTGRES_AVAILABLE, testPostgresUrl } from '../helpers/postgres.js';
import { PROJECT_ROOT } from '../helpers/shared.js';
import { distinctPdf, HAVE_HONGZE, hongze } from './helpers/pdfs.js';
import { startRedis, type TestRedis } from './helpers/redis.js';
import { pgSchemaUrl, startTestService, type TestService } from './helpers/service.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe.skipIf(!POSTGRES_AVAILABLE)('nianbao serve + worker on PostgreSQL', () => {
  let redis: TestRedis;
  let t: TestService;
  let schema: Awaited<ReturnType<typeof pgSchemaUrl>>;
  let worker: ChildProcess;
  let server: Awaited<ReturnType<typeof testPostgresUrl>>;

  beforeAll(async () => {
    redis = await startRedis();
    server = await testPostgresUrl();
    schema = await pgSchemaUrl(server!.url);
    t = await startTestService({
      redisUrl: redis.url,
      databaseUrl: schema.url,
      watch: true,
      env: { NIANBAO_CONCURRENCY: '1', NIANBAO_REPORT_CONCURRENCY: '2' },
    });
    worker = spawn(process.execPath, ['bin/nianbao.js', 'worker', '--concurrency', '1', '--name', 'pg-worker'], {
      cwd: PROJECT_ROOT,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: {
        ...process.env,
        REDIS_URL: redis.url,
        DATABASE_URL: schema.url,
        NIANBAO_DATA_DIR: t.config.dataDir,
        NIANBAO_LOG_LEVEL: 'warn',
      },
    });
    for (let i = 0; i < 600; i++) {
      const names = (await t.service.queues.report.getWorkers()).map((w) => String(w.rawname ?? ''));
      if (names.some((n) => n.endsWith(':w:pg-worker'))) break;
      await sleep(100);
    }
  }, 120_000);

  afterAll(async () => {
    if (worker && worker.exitCode === null) {
      const exited = new Promise((r) => worker.once('exit', r));
      worker.kill('SIGTERM');
      await exited;
    }
    await t?.stop();
    await redis?.stop();
    await schema?.drop();
    await server?.close();
  }, 60_000);

  it('processes uploads and watched files once each, in either process', async () => {
    const inputs: { name: string; data: Buffer }[] = [];
    if (HAVE_HONGZE) inputs.push({ name: 'hongze-district-2023.pdf', data: hongze() });
    for (let i = 0; i < 16; i++) inputs.push({ name: `pg-${i}.pdf`, data: await distinctPdf(5000 + i, 2) });
    const ids: number[] = [];
    for (const input of inputs)
      ids.push(((await (await t.upload(input.data, input.name)).json()) as { id: number }).id);
    await writeFile(join(t.config.watchDir!, 'pg-dropped.pdf'), await distinctPdf(5100));

    const reports = await t.waitFinished(ids, 120_000);
    expect(reports.filter((r) => r.status === 'failed')).toEqual([]);
    for (const r of reports) expect(await listVersions(t.service.db!, r.id)).toHaveLength(1);
    const expected = await extractReport(new Uint8Array(inputs[0]!.data), { fileName: inputs[0]!.name });
    expect((await getVersion(t.service.db!, reports[0]!.currentVersionId!))!.record).toEqual(expected.record);
    const processedBy = new Set<string>();
    for (const r of reports) {
      const job = await t.service.queues.report.getJob(`report-${r.id}-1`);
      if (job?.processedBy) processedBy.add(job.processedBy);
    }
    expect(processedBy.size).toBeGreaterThanOrEqual(1);
    for (let i = 0; i < 200 && !existsSync(join(t.config.watchDir!, PROCESSED_DIR, 'pg-dropped.pdf')); i++)
      await sleep(100);
    expect(existsSync(join(t.config.watchDir!, PROCESSED_DIR, 'pg-dropped.pdf'))).toBe(true);
  }, 150_000);
});
