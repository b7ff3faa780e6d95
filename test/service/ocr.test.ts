/**
 * A scanned report through the service: its pages go to the OCR reader inside the sandboxed
 * page processor, and the stored record is the one extractReport makes with the same reader.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractReport } from '../../src/extractors/pipeline.js';
import { ScanReader } from '../../src/extractors/scan/scanReader.js';
import { getVersion } from '../../src/store/reports.js';
import { CORPUS_PDF } from '../helpers/shared.js';
import { startRedis, type TestRedis } from './helpers/redis.js';
import { startTestService, type TestService } from './helpers/service.js';

const SCAN = join(CORPUS_PDF, 'hongze-district-2023-scan.pdf');
const HAVE_SCAN = existsSync(SCAN);
if (!HAVE_SCAN) console.warn(`${SCAN} not found: the OCR service test is skipped`);

describe.runIf(HAVE_SCAN)('a scanned report through the service', () => {
  let redis: TestRedis;
  let t: TestService;

  beforeAll(async () => {
    redis = await startRedis();
    t = await startTestService({ redisUrl: redis.url });
  }, 120_000);

  afterAll(async () => {
    await t?.stop();
    await redis?.stop();
  }, 60_000);

  it('is read by OCR in the page sandboxes and stored as extractReport makes it', async () => {
    const data = readFileSync(SCAN);
    const { id } = (await (await t.upload(data, 'hongze-district-2023-scan.pdf')).json()) as { id: number };
    const dir = await mkdtemp(join(tmpdir(), 'nianbao-ocr-'));
    const scanner = new ScanReader({ dataDir: dir, size: 1 });
    try {
      const expected = await extractReport(new Uint8Array(data), {
        fileName: 'hongze-district-2023-scan.pdf',
        ocr: 'auto',
        readScannedPage: scanner.read,
      });
      const [report] = await t.waitFinished([id], 180_000);
      const record = (await getVersion(t.service.db!, report!.currentVersionId!))!.record;
      expect(record.source.textLayer).toBe('none');
      expect(Object.keys(record.cells).length).toBeGreaterThan(100);
      expect(record).toEqual(expected.record);
    } finally {
      await scanner.close();
      await rm(dir, { recursive: true, force: true });
    }
  }, 240_000);
});
