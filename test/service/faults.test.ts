/**
 * Faults of the service's storage, each ending with nothing lost and nothing duplicated (one
 * version per run, every dropped file in processed/ or failed/):
 *
 *   - PostgreSQL stopped mid-run and started again: the API answers 503 meanwhile (no internals),
 *     jobs wait without using up their attempts, every report finishes once;
 *   - the data dir's store refusing writes (a full disk, simulated by a store path that cannot be
 *     written): uploads are refused with 507/503 and nothing half-kept, a watched file waits in the
 *     folder and is read once the store takes writes again.
 *
 * (A worker killed with SIGKILL and Redis restarted empty are in crash.test.ts; a half-written
 * watched file and a symlink in the folder in watch.test.ts.)
 */
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractReport } from '../../src/extractors/pipeline.js';
import { getReport, getVersion, type Report } from '../../src/store/reports.js';
import { HAVE_POSTGRES, SKIP_POSTGRES, startPostgres, type TestPostgres } from '../helpers/postgres.js';
import { expectAccounted, sleep, waitFor, waitSettled } from './helpers/faults.js';
import { distinctPdf } from './helpers/pdfs.js';
import { startRedis, type TestRedis } from './helpers/redis.js';
import { pgSchemaUrl, startTestService, type TestService } from './helpers/service.js';

const INTERNALS = /ECONN|127\.0\.0\.1|terminat|postgres/i;

describe.skipIf(!HAVE_POSTGRES)(
  `PostgreSQL stopped mid-run (${HAVE_POSTGRES ? 'a server of its own' : SKIP_POSTGRES})`,
  () => {
    let redis: TestRedis;
    let pg: TestPostgres;
    let t: TestService;

    beforeAll(async () => {
      redis = await startRedis();
      pg = await startPostgres(); // its own: this test stops it
      const schema = await pgSchemaUrl(pg.url);
      t = await startTestService({
        redisUrl: redis.url,
        databaseUrl: schema.url,
        watch: true,
        env: { NIANBAO_REPORT_CONCURRENCY: '4' },
      });
    }, 120_000);

    afterAll(async () => {
      await t?.stop();
      await redis?.stop();
      await pg?.close();
    }, 60_000);

    it('waits for it: 503s meanwhile, no attempt used up, every report stored once', async () => {
      // Warm: the page sandboxes started, so the reads below finish while the database is away.
      const warm = ((await (await t.upload(await distinctPdf(9099), 'warm.pdf')).json()) as { id: number }).id;
      await t.waitFinished([warm]);
      const inputs: { name: string; data: Buffer }[] = [{ name: 'warm.pdf', data: await distinctPdf(9099) }];
      // Small reports: their pages are read within the outage, so their store steps meet the database away.
      for (let i = 0; i < 8; i++)
        inputs.push({ name: `pg-down-${i}.pdf`, data: await distinctPdf(9100 + i, 1 + (i % 2)) });
      const ids: number[] = [warm];
      for (const input of inputs.slice(1))
        ids.push(((await (await t.upload(input.data, input.name)).json()) as { id: number }).id);
      const watched = await distinctPdf(9150);
      await writeFile(join(t.config.watchDir!, 'pg-down-watched.pdf'), watched);

      await waitFor(
        'a report in progress',
        async () =>
          (await Promise.all(ids.map((id) => getReport(t.service.db!, id)))).some((r) => r?.status === 'processing'),
        30_000,
        10,
      );
      await pg.stop();
      const downSince = Date.now();
      // Meanwhile: the API says what is wrong, plainly.
      const list = await t.api('/api/reports');
      expect(list.status).toBe(503);
      const body = await list.text();
      expect(body).toMatch(/database is not reachable/);
      expect(body).not.toMatch(INTERNALS);
      expect(list.headers.get('retry-after')).not.toBeNull();
      expect((await t.api(`/api/reports/${ids[0]}`)).status).toBe(503);
      const health = await fetch(`${t.service.url}/healthz`);
      expect(health.status).toBe(503);
      expect(await health.json()).toMatchObject({ redis: true, database: false });
      // Longer than reading the pages plus the five attempts' backoff (0.2 + 0.4 + 0.8 + 1.6 s): a job
      // counting its waits as attempts would fail for good.
      await sleep(Math.max(0, 9000 - (Date.now() - downSince)));
      await pg.start();

      const reports = await t.waitFinished(ids, 120_000);
      expect(reports.filter((r) => r.status === 'failed').map((r) => `${r.fileName}: ${r.error}`)).toEqual([]);
      for (const r of reports.slice(1)) {
        const job = await t.service.queues.report.getJob(`report-${r.id}-1`);
        expect(job?.attemptsMade, `report ${r.id}: attempts`).toBe(1); // completed at its first attempt
      }
      const expected = await extractReport(new Uint8Array(inputs[1]!.data), { fileName: inputs[1]!.name });
      expect((await getVersion(t.service.db!, reports[1]!.currentVersionId!))!.record).toEqual(expected.record);
      await waitSettled(t, ['pg-down-watched.pdf']);
      const all = (await t.service.db!.query<{ id: number }>('SELECT id FROM reports ORDER BY id')).rows;
      const stored = (await Promise.all(all.map((r) => getReport(t.service.db!, r.id)))) as Report[];
      await expectAccounted(t, {
        dropped: ['pg-down-watched.pdf'],
        reports: stored,
        distinctInputs: inputs.length + 1,
      });
      expect((await t.api('/api/reports')).status).toBe(200);
    }, 180_000);
  },
);

describe('the data dir’s store refusing writes (a full disk)', () => {
  let redis: TestRedis;
  let t: TestService;

  beforeAll(async () => {
    redis = await startRedis();
    t = await startTestService({ redisUrl: redis.url, watch: true });
  }, 120_000);

  afterAll(async () => {
    await t?.stop();
    await redis?.stop();
  }, 60_000);

  it('refuses uploads plainly and keeps nothing; a watched file waits and is read once writes work again', async () => {
    const data = t.config.dataDir;
    // Uploads and watched files go through <data dir>/tmp: make it a file, so nothing can be written there
    // (root ignores permissions, so a read-only mode would not stop a test run as root).
    await rm(join(data, 'tmp'), { recursive: true, force: true });
    await writeFile(join(data, 'tmp'), 'not a folder: the store refuses writes\n');
    const upload = await distinctPdf(9201);
    const res = await t.upload(upload, 'while-full.pdf');
    expect([503, 507]).toContain(res.status);
    const body = (await res.json()) as { error: string };
    expect(body.error).toMatch(/could not be stored.*(refuses writes|is full).*nothing was kept/);
    expect(body.error).not.toContain(data); // no paths
    expect((await t.service.db!.query('SELECT 1 FROM reports')).rows).toEqual([]);

    const watchedData = await distinctPdf(9202);
    await writeFile(join(t.config.watchDir!, 'while-full.pdf'), watchedData);
    await sleep(2000); // the watcher tried, and keeps the file where it is
    expect((await t.service.db!.query('SELECT 1 FROM reports')).rows).toEqual([]);

    // Space again.
    await rename(join(data, 'tmp'), join(data, 'tmp-was-a-file'));
    await mkdir(join(data, 'tmp'), { mode: 0o700 });
    await waitSettled(t, ['while-full.pdf'], 30_000);
    const again = await t.upload(upload, 'while-full.pdf'); // the client tries again
    expect(again.status).toBe(202);
    const { id } = (await again.json()) as { id: number };
    await t.waitFinished([id]);
    const all = (await t.service.db!.query<{ id: number }>('SELECT id FROM reports ORDER BY id')).rows;
    const reports = (await Promise.all(all.map((r) => getReport(t.service.db!, r.id)))) as Report[];
    await expectAccounted(t, { dropped: ['while-full.pdf'], reports, distinctInputs: 2 });
    expect(reports.every((r) => r.status !== 'failed')).toBe(true);
  }, 90_000);
});
