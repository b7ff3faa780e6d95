/**
 * Service throughput: reports a minute through the whole service (upload → queue → sandboxed
 * page reads → assemble → validate → store) with 1 and 2 `nianbao worker` processes reading
 * pages (one read at a time each), and the queue latency (time a job waits before a worker
 * starts it). A private redis-server and the embedded database in a temp dir; loopback HTTP.
 *
 *   npx tsx bench/service.ts        BENCH_SERVICE_REPORTS=20 (default), BENCH_SERVICE_WORKERS=1,2
 *
 * The reports are the corpus report (../shared/corpus/pdf/hongze-district-2023.pdf, 5 pages),
 * each copy made distinct by a comment after %%EOF; without the corpus, 5-page made-up PDFs.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Job } from 'bullmq';
import { distinctPdf } from '../test/service/helpers/pdfs.js';
import { startRedis } from '../test/service/helpers/redis.js';
import { startTestService, type TestService } from '../test/service/helpers/service.js';

const root = resolve(import.meta.dirname, '..');
const corpus = resolve(root, '../shared/corpus/pdf/hongze-district-2023.pdf');
const REPORTS = Number(process.env.BENCH_SERVICE_REPORTS ?? 20);
const WORKER_COUNTS = (process.env.BENCH_SERVICE_WORKERS ?? '1,2').split(',').map(Number);
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function reportPdfs(n: number, salt: string): Promise<Buffer[]> {
  if (existsSync(corpus)) {
    const base = readFileSync(corpus);
    return Array.from({ length: n }, (_, i) => Buffer.concat([base, Buffer.from(`\n% bench ${salt} ${i}\n`)]));
  }
  return Promise.all(Array.from({ length: n }, (_, i) => distinctPdf(90_000 + i + salt.length * 1000, 5)));
}

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! : NaN;
};

async function waitedMs(jobs: (Job | undefined)[]): Promise<number[]> {
  return jobs.filter((j): j is Job => !!j && j.processedOn !== undefined).map((j) => j.processedOn! - j.timestamp);
}

interface Result {
  perMin: number;
  seconds: number;
  /** Under load: how long page jobs waited (a backlog). */
  pageWait: number[];
  /** Idle service, one report at a time: queue wait per job and upload → stored. */
  idleJobWait: number[];
  idleTotal: number[];
}

async function measure(workers: number): Promise<Result> {
  const redis = await startRedis();
  const dir = await mkdtemp(join(tmpdir(), 'nianbao-bench-'));
  let t: TestService | null = null;
  const children: ChildProcess[] = [];
  try {
    // serve reads no pages itself: the worker processes do, one page at a time each
    t = await startTestService({
      redisUrl: redis.url,
      dir,
      env: { NIANBAO_CONCURRENCY: '0', NIANBAO_REPORT_CONCURRENCY: '8' },
    });
    for (let w = 0; w < workers; w++) {
      children.push(
        spawn(process.execPath, ['bin/nianbao.js', 'worker', '--concurrency', '1', '--name', `bench-${w}`], {
          cwd: root,
          stdio: 'ignore',
          env: {
            ...process.env,
            REDIS_URL: redis.url,
            NIANBAO_DATA_DIR: t.config.dataDir,
            DATABASE_URL: '',
            NIANBAO_LOG_LEVEL: 'warn',
          },
        }),
      );
    }
    for (let i = 0; i < 600 && (await t.service.queues.page.getWorkers()).length < workers; i++) await sleep(100);
    // Warm-up: every worker starts its sandbox child and loads pdfjs.
    const warm = await Promise.all(
      (await reportPdfs(workers * 2, `warm-${workers}`)).map(
        async (d, i) => ((await (await t!.upload(d, `warm-${i}.pdf`)).json()) as { id: number }).id,
      ),
    );
    await t.waitFinished(warm, 120_000);

    // Idle latency: one small report at a time, nothing else queued.
    const idleJobWait: number[] = [];
    const idleTotal: number[] = [];
    for (let i = 0; i < 10; i++) {
      const data = await distinctPdf(80_000 + workers * 100 + i, 1);
      const t0 = performance.now();
      const { id } = (await (await t.upload(data, `idle-${i}.pdf`)).json()) as { id: number };
      await t.waitFinished([id]);
      idleTotal.push(performance.now() - t0);
      const q = t.service.queues;
      const report = await q.report.getJob(`report-${id}-1`);
      const ingest = await q.page.getJob(`ingest-${id}-1`);
      const page = await q.page.getJob(`page-${id}-1-1`);
      // report job: added → started (its first step adds the ingest child); children: added → started
      if (report && ingest) idleJobWait.push(ingest.timestamp - report.timestamp);
      idleJobWait.push(...(await waitedMs([ingest, page])));
    }

    const pdfs = await reportPdfs(REPORTS, `run-${workers}`);
    const started = performance.now();
    const ids = await Promise.all(
      pdfs.map(async (d, i) => ((await (await t!.upload(d, `bench-${i}.pdf`)).json()) as { id: number }).id),
    );
    await t.waitFinished(ids, 600_000);
    const seconds = (performance.now() - started) / 1000;

    const queues = t.service.queues;
    const pages = (await queues.page.getJobs(['completed'], 0, -1)).filter((j) =>
      ids.includes((j.data as { reportId: number }).reportId),
    );
    return { perMin: (REPORTS / seconds) * 60, seconds, pageWait: await waitedMs(pages), idleJobWait, idleTotal };
  } finally {
    for (const c of children) c.kill('SIGTERM');
    await Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : null)));
    await t?.stop();
    await redis.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

console.log(
  `service throughput: ${REPORTS} reports (${
    existsSync(corpus) ? 'hongze-district-2023.pdf, 5 pages' : 'made-up 5-page PDFs'
  }), uploaded at once over loopback HTTP`,
);
const ms = (x: number): string => `${x.toFixed(0)} ms`;
console.log(
  `${'workers'.padStart(7)} ${'seconds'.padStart(8)} ${'reports/min'.padStart(12)} ` +
    `${'backlog wait p50'.padStart(17)} ${'p95'.padStart(9)} │ ${'idle queue wait p50'.padStart(20)} ` +
    `${'p95'.padStart(7)} ${'idle upload→stored p50'.padStart(23)}`,
);
for (const workers of WORKER_COUNTS) {
  const r = await measure(workers);
  console.log(
    `${String(workers).padStart(7)} ${r.seconds.toFixed(1).padStart(8)} ${r.perMin.toFixed(0).padStart(12)} ` +
      `${ms(pct(r.pageWait, 50)).padStart(17)} ${ms(pct(r.pageWait, 95)).padStart(9)} │ ` +
      `${ms(pct(r.idleJobWait, 50)).padStart(20)} ${ms(pct(r.idleJobWait, 95)).padStart(7)} ` +
      `${ms(pct(r.idleTotal, 50)).padStart(23)}`,
  );
}
console.log(
  'backlog wait: how long page jobs of the burst waited for a free worker. idle queue wait: time from a job being ' +
    'added',
);
console.log(
  'to a worker starting it, one 1-page report at a time (report, ingest and page jobs); upload→stored: the whole ' +
    'round trip.',
);
