/**
 * A bounded loopback load test: 200 distinct reports uploaded at once through the API are all
 * processed, none lost, none twice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractReport } from '../../src/extractors/pipeline.js';
import { getVersion } from '../../src/store/reports.js';
import { distinctPdf } from './helpers/pdfs.js';
import { startRedis, type TestRedis } from './helpers/redis.js';
import { startTestService, type TestService } from './helpers/service.js';

const N = 200;

describe(`${N} reports at once`, () => {
  let redis: TestRedis;
  let t: TestService;
  let pdfs: Buffer[];

  beforeAll(async () => {
    redis = await startRedis();
    t = await startTestService({ redisUrl: redis.url, env: { NIANBAO_REPORT_CONCURRENCY: '8' } });
    pdfs = await Promise.all(Array.from({ length: N }, (_, i) => distinctPdf(10_000 + i)));
  }, 120_000);

  afterAll(async () => {
    await t?.stop();
    await redis?.stop();
  }, 60_000);

  it('processes every one exactly once', async () => {
    const started = Date.now();
    const responses = await Promise.all(pdfs.map((data, i) => t.upload(data, `load-${i}.pdf`)));
    expect(responses.map((r) => r.status).filter((s) => s !== 202)).toEqual([]);
    const ids = await Promise.all(responses.map(async (r) => ((await r.json()) as { id: number }).id));
    expect(new Set(ids).size).toBe(N);

    const reports = await t.waitFinished(ids, 150_000);
    const seconds = (Date.now() - started) / 1000;
    console.log(`load: ${N} reports in ${seconds.toFixed(1)} s (${((N / seconds) * 60).toFixed(0)} reports/min)`);
    expect(reports.filter((r) => r.status === 'failed')).toEqual([]);

    const db = t.service.db!;
    const counts = await db.query<{ reports: number; versions: number; distinct_reports: number }>(
      `SELECT (SELECT count(*)::int FROM reports) AS reports, count(*)::int AS versions, count(DISTINCT ` +
        `report_id)::int AS distinct_reports FROM report_versions`,
    );
    expect(counts.rows[0]).toEqual({ reports: N, versions: N, distinct_reports: N });
    const queues = t.service.queues;
    expect(await queues.report.getFailedCount()).toBe(0);
    expect(await queues.page.getFailedCount()).toBe(0);
    expect(await queues.report.getCompletedCount()).toBe(N);

    // Spot-check records against the extractor itself.
    for (const k of [0, 99, N - 1]) {
      const expected = await extractReport(new Uint8Array(pdfs[k]!), { fileName: `load-${k}.pdf` });
      expect((await getVersion(db, reports[k]!.currentVersionId!))!.record).toEqual(expected.record);
    }
  }, 200_000);
});
