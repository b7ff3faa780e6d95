/**
 * Issue 13 in a real browser (playwright-core driving the system's Chromium): the review UI in
 * Chinese; 卫辉市司法局's three consecutive reports (samples/weihui-justice-2021.pdf,
 * samples/series/weihui-justice-2022.pdf and -2023.pdf, made by scripts/make-samples.ts and
 * read by the real pipeline) as one agency's series with charts whose figures are the printed
 * ones, the carried-over chain broken into 2023, and the 2023 report — last year's prose with
 * one paragraph new — flagged text.reuse with its share; the same pages in English once the
 * user switches. Screenshots go to test/.tmp/screenshots/people-*.png.
 *
 * Skipped, with a message, when /usr/bin/chromium is missing.
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findUserByName } from '../../src/store/users.js';
import { PROJECT_ROOT } from '../helpers/shared.js';
import {
  BACKENDS,
  Client,
  CHROMIUM,
  CHROMIUM_ARGS,
  HAVE_CHROMIUM,
  INCONSISTENT_SAMPLE,
  PASSWORD,
  SCREENSHOTS,
  SKIP_CHROMIUM,
  startUiService,
  type UiService,
} from './helpers.js';

if (!HAVE_CHROMIUM) console.warn(SKIP_CHROMIUM);

const SERIES = [
  { year: 2021, file: 'samples/weihui-justice-2021.pdf', truth: 'samples/truth/weihui-justice-2021.json' },
  { year: 2022, file: 'samples/series/weihui-justice-2022.pdf', truth: 'samples/truth/weihui-justice-2022.json' },
  { year: 2023, file: 'samples/series/weihui-justice-2023.pdf', truth: 'samples/truth/weihui-justice-2023.json' },
];
const truthCells = SERIES.map(
  (s) => (JSON.parse(readFileSync(join(PROJECT_ROOT, s.truth), 'utf8')) as { cells: Record<string, number> }).cells,
);
const printed = (id: string): string[] => truthCells.map((c) => String(c[id]));
const sumOf = (ids: readonly string[]): string[] =>
  truthCells.map((c) => String(ids.reduce((n, id) => n + (c[id] ?? 0), 0)));

for (const { backend, skip } of BACKENDS) {
  describe.skipIf(!HAVE_CHROMIUM || skip)(
    `issue 13 in a browser (Chinese UI, agency series, text reuse), on ${backend}`,
    () => {
      let s: UiService;
      let browser: Browser;
      let context: BrowserContext;
      let page: Page;
      const ids: number[] = [];
      let otherId: number;
      let agencyId: number;
      let share2023 = '';

      const shot = (name: string): Promise<Buffer> =>
        page.screenshot({
          path: join(SCREENSHOTS, `people-${name}${backend === 'PGlite' ? '' : `-${backend.toLowerCase()}`}.png`),
          fullPage: true,
        });
      /** Every image of the page (charts, page renders) has loaded. */
      const imagesLoaded = (): Promise<unknown> =>
        page.waitForFunction(
          () =>
            Array.from(
              (
                globalThis as unknown as {
                  document: { images: ArrayLike<{ complete: boolean; naturalWidth: number }> };
                }
              ).document.images,
            ).every((i) => i.complete && i.naturalWidth > 0),
          undefined,
          { timeout: 30_000 },
        );
      const texts = (selector: string): Promise<string[]> =>
        page
          .locator(selector)
          .allTextContents()
          .then((l) => l.map((x) => x.trim()));

      beforeAll(async () => {
        s = await startUiService(backend, { language: 'zh' });
        const upload = async (file: string): Promise<number> =>
          (
            (await (await s.t.upload(readFileSync(join(PROJECT_ROOT, file)), file.split('/').pop()!)).json()) as {
              id: number;
            }
          ).id;
        // Out of order on purpose: a year stored before the year before it is validated again when that arrives.
        for (const k of [2, 0, 1]) ids[k] = await upload(SERIES[k]!.file);
        otherId = await upload(INCONSISTENT_SAMPLE.slice(PROJECT_ROOT.length + 1));
        await s.t.waitFinished([...ids, otherId], 120_000);
        browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
        context = await browser.newContext({ viewport: { width: 1500, height: 1000 }, acceptDownloads: true });
        page = await context.newPage();
        await page.goto(`${s.url}/queue`);
        await page.waitForURL(/\/login\?next=/);
        expect(await page.locator('h1').first().textContent()).toContain('登录');
        await page.fill('input[name=name]', 'root');
        await page.fill('input[name=password]', PASSWORD);
        await Promise.all([page.waitForURL(`${s.url}/queue`), page.press('input[name=password]', 'Enter')]);
      }, 200_000);

      afterAll(async () => {
        await browser?.close();
        await s?.stop();
      }, 60_000);

      it('the queue is in Chinese, rules by their Chinese names beside their ids', async () => {
        expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
        expect(await page.locator('h1').first().textContent()).toMatch(/^报告\s+4$/u);
        expect(await texts('table.queue thead th')).toEqual([
          '#',
          '报告',
          '年度',
          '模板',
          '来源',
          '状态',
          '违反的规则',
          '进度 / 决定',
          '更新',
        ]);
        const reuseChip = page.locator(`tr[data-report="${ids[2]}"] a.chip[data-rule="text.reuse"]`);
        expect(await reuseChip.locator('.rule-title').textContent()).toBe('正文与上年报告高度重复');
        expect(
          await page
            .locator(`tr[data-report="${otherId}"] a.chip[data-rule="applications.rowSum"] .rule-title`)
            .textContent(),
        ).toBe('申请情况表：各类申请人之和与总计不符');
        expect(await page.locator(`tr[data-report="${otherId}"] .badge`).first().textContent()).toBe('有错误');
        expect(await page.locator(`tr[data-report="${ids[0]}"] .badge`).first().textContent()).toBe('校验通过');
        expect(await texts('header nav a')).toEqual(['待审队列', '机关', '总览', '用户与重新处理']);
        await shot('queue-zh');
      });

      it(
        'the 2023 report, last year’s prose with one paragraph new, is flagged text.reuse with its share and the ' +
          'repeated passages marked',
        async () => {
          await page.goto(`${s.url}/report/${ids[2]}`);
          const rule = page.locator('li.rule[data-rule="text.reuse"]');
          expect(await rule.getAttribute('class')).toMatch(/\bwarning\b/);
          expect(await rule.locator('.rule-title').textContent()).toBe('正文与上年报告高度重复');
          const message = (await rule.locator('.messages li').textContent())!;
          const m = /正文 (\d+) 个 8 字片段中 (\d+) 个见于2022 年报告：(\d+\.\d)% ≥ 80\.0%/u.exec(message);
          expect(m, message).not.toBeNull();
          const share = Number(m![2]) / Number(m![1]);
          expect(m![3]).toBe((Math.floor(share * 1000) / 10).toFixed(1));
          expect(share).toBeGreaterThan(0.8);
          expect(share).toBeLessThan(1);
          share2023 = `${m![3]}%`;
          expect(await page.locator('#reuse-share').textContent()).toBe(`正文 ${m![3]}% 与 2022 年报告重复`);
          expect(Number(await page.locator('#reuse-share').getAttribute('data-share'))).toBeCloseTo(share, 4);
          // The paragraph written anew is not marked; last year's sentences are.
          const marked = (await texts('#reuse-text mark.reused')).join('');
          const prose = (await page.locator('#reuse-text').textContent())!;
          expect(prose.replace(/\s/gu, '')).toContain('每季度开展一次政务公开专题培训');
          expect(marked.replace(/\s/gu, '')).not.toContain('每季度开展一次政务公开专题培训');
          expect(marked.replace(/\s/gu, '')).toContain('市司法局深入贯彻落实市委市政府政府信息公开工作要求');
          // The carried-over chain: archive.carryOver warns with the arithmetic, named in Chinese.
          const carry = page.locator('li.rule[data-rule="archive.carryOver"]');
          expect(await carry.locator('.rule-title').textContent()).toBe(
            '跨年：上年结转与上年报告的结转下年度继续办理不符',
          );
          expect(await carry.locator('.messages li').textContent()).toBe(
            '上年结转 35 ≠ 2022 年报告的结转下年度继续办理 25',
          );
          await shot('report-zh');
          // The API gives each issue its rule's title in both languages.
          const api = (await (await s.t.api(`/api/reports/${ids[2]}`)).json()) as {
            issues: Array<{ rule: string; title: { zh: { name: string }; en: { name: string } } }>;
          };
          const reuse = api.issues.find((i) => i.rule === 'text.reuse')!;
          expect(reuse.title.zh.name).toBe('正文与上年报告高度重复');
          expect(reuse.title.en.name).toBe('Prose largely repeats last year’s report');
          // 2021 has no year before: nothing to compare, no warning.
          await page.goto(`${s.url}/report/${ids[0]}`);
          expect(await page.locator('#reuse').textContent()).toContain('没有同一机关上一年度的报告可比较');
          expect(await page.locator('li.rule[data-rule="text.reuse"]').count()).toBe(0);
        },
      );

      it('the agency’s three years: charts with the printed figures, the broken carry-over chain marked', async () => {
        await page.goto(`${s.url}/agencies`);
        const row = page.locator('tr[data-agency]', { hasText: '卫辉市司法局' });
        expect(await row.locator('td.years a').allTextContents()).toEqual(['2021', '2022', '2023']);
        agencyId = Number(await row.getAttribute('data-agency'));
        await shot('agencies-zh');
        await Promise.all([page.waitForURL(`${s.url}/agencies/${agencyId}`), row.locator('a.agency-link').click()]);
        expect(await page.locator('h1').textContent()).toBe('卫辉市司法局');

        // The figures under each chart are the printed ones (samples/truth), year by year.
        const series = (chart: string, name: string): Promise<string[]> =>
          texts(`#chart-${chart} tr[data-series="${name}"] td`);
        expect(await texts('#chart-applications thead th')).toEqual(['', '2021', '2022', '2023']);
        expect(await series('applications', '新收申请')).toEqual(printed('applications.newReceived.total'));
        expect(await series('applications', '予以公开')).toEqual(printed('applications.granted.total'));
        expect(await series('applications', '不予公开')).toEqual(
          sumOf(Object.keys(truthCells[0]!).filter((k) => /^applications\.withheld\.[^.]+\.total$/u.test(k))),
        );
        expect(await series('applications', '结转下年度继续办理')).toEqual(
          printed('applications.carriedForward.total'),
        );
        expect(await series('appeals', '行政复议')).toEqual(printed('appeals.review.total'));
        expect(await series('appeals', '行政诉讼')).toEqual(
          sumOf(['appeals.suitDirect.total', 'appeals.suitAfterReview.total']),
        );
        expect(await series('in-force', '现行有效件数·行政规范性文件')).toEqual(['2', '4', '6']);
        expect(printed('disclosure.normativeDocs.inForce')).toEqual(['2', '4', '6']);

        // The SVG itself (ECharts' server rendering) prints the same figures and names.
        const svg = await (await page.request.get(`${s.url}/agencies/${agencyId}/charts/applications.svg`)).text();
        expect(svg.startsWith('<svg')).toBe(true);
        const labels = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/gu)].map((x) => x[1]!);
        for (const v of [...printed('applications.newReceived.total'), ...printed('applications.carriedForward.total')])
          expect(labels, v).toContain(v);
        expect(labels).toContain('新收申请');
        const csv = (await (await page.request.get(`${s.url}/agencies/${agencyId}/charts/applications.csv`)).text())
          .replace(/^\ufeff/u, '')
          .trim()
          .split('\n');
        expect(csv[0]).toBe(',新收申请,予以公开,不予公开,结转下年度继续办理');
        expect(csv[3]!.split(',').slice(0, 2)).toEqual(['2023', printed('applications.newReceived.total')[2]]);
        const png = await page.request.get(`${s.url}/agencies/${agencyId}/charts/appeals.png`);
        expect(png.headers()['content-type']).toBe('image/png');
        expect((await png.body()).subarray(1, 4).toString()).toBe('PNG');

        // The chain: 2021 → 2022 holds, 2022 → 2023 broken and marked.
        expect(
          await page.locator('tr.chain[data-year="2022"][data-rule="archive.carryOver"]').getAttribute('class'),
        ).toMatch(/\bok\b/);
        const broken = page.locator('tr.chain[data-year="2023"][data-rule="archive.carryOver"]');
        expect(await broken.getAttribute('class')).toMatch(/\bbroken\b/);
        expect(await broken.locator('td.result').textContent()).toContain(
          '上年结转 35 ≠ 2022 年报告的结转下年度继续办理 25',
        );
        expect(
          await page.locator('tr.chain[data-year="2023"][data-rule="archive.inForce"]').getAttribute('class'),
        ).toMatch(/\bok\b/);
        expect(await texts('#series-reports td.reuse-share')).toEqual(['—', '100.0%', share2023]);
        await imagesLoaded();
        await shot('agency-zh');

        // The API gives the same series.
        const api = (await (await s.t.api(`/api/agencies/${agencyId}`)).json()) as {
          series: Array<{
            year: number;
            figures: Record<string, number | null>;
            chain: Array<{ rule: string; holds: boolean | null }>;
          }>;
        };
        expect(api.series.map((y) => y.year)).toEqual([2021, 2022, 2023]);
        expect(api.series.map((y) => String(y.figures.newReceived))).toEqual(printed('applications.newReceived.total'));
        expect(api.series[2]!.chain.find((c) => c.rule === 'archive.carryOver')!.holds).toBe(false);
        const list = (await (await s.t.api('/api/agencies')).json()) as {
          items: Array<{ id: number; name: string; reports: Array<{ year: number }> }>;
        };
        expect(list.items.map((a) => a.name).sort()).toEqual(['卫辉市司法局', '红寺堡区司法局'].sort());
      });

      it('the overview shows the corpus as charts with their tables', async () => {
        await page.goto(`${s.url}/overview`);
        expect(await page.locator('h1').textContent()).toMatch(/^总览\s+4$/u);
        expect(await texts('#chart-years thead th')).toEqual(['', '2021', '2022', '2023']);
        expect(await texts('#chart-years tr[data-series="模板 2021"] td')).toEqual(['1', '2', '1']);
        expect(await texts('#chart-source tr[data-series="文本层"] td')).toEqual(['1', '2', '1']);
        expect(await texts('#chart-rules tr[data-series="正文与上年报告高度重复"] td')).toEqual(['0', '1', '1']);
        await imagesLoaded();
        await shot('overview-zh');
      });

      it('approved, the three years export as the agency’s series: one row per year, in CSV and XLSX', async () => {
        for (const id of ids) {
          await page.goto(`${s.url}/report/${id}`);
          await Promise.all([page.waitForURL(/done=approve/), page.click('#approve')]);
          expect(await page.locator('#review-status').textContent()).toBe('已通过');
        }
        await page.goto(`${s.url}/queue`);
        const [download] = await Promise.all([
          page.waitForEvent('download'),
          page.click('.exports a[href^="/export/series.csv"]'),
        ]);
        const csv = (await readFile((await download.path())!, 'utf8'))
          .replace(/^\ufeff/u, '')
          .trim()
          .split('\n')
          .map((l) => l.split(','));
        const header = csv[0]!;
        expect(header.slice(0, 6)).toEqual(['agency_id', 'agency', 'year', 'report', 'printed_agency', 'era']);
        const rows = csv.slice(1);
        expect(rows.map((r) => [r[1], r[2], r[3]])).toEqual(
          SERIES.map((x, k) => ['卫辉市司法局', String(x.year), String(ids[k])]),
        );
        const col = (name: string): string[] => rows.map((r) => r[header.indexOf(name)]!);
        expect(col('newReceived')).toEqual(printed('applications.newReceived.total'));
        expect(col('carriedForward')).toEqual(printed('applications.carriedForward.total'));
        expect(col('inForceNormativeDocs')).toEqual(['2', '4', '6']);
        expect(col('carry_over')).toEqual(['', 'ok', 'broken']);
        expect(col('text_reuse')[1]).toBe('1');
        expect(col('rules')[2]).toBe('archive.carryOver text.reuse');
        expect(col('rule_names')[2]).toBe('跨年：上年结转与上年报告的结转下年度继续办理不符；正文与上年报告高度重复');
        const [xlsxDownload] = await Promise.all([
          page.waitForEvent('download'),
          page.click('.exports a[href^="/export/series.xlsx"]'),
        ]);
        const wb = new ExcelJS.Workbook();
        await wb.xlsx.load((await readFile((await xlsxDownload.path())!)) as unknown as ArrayBuffer);
        const ws = wb.getWorksheet('series')!;
        const xHeader = (ws.getRow(1).values as unknown[]).slice(1);
        expect(xHeader).toEqual(header);
        const newReceived = [2, 3, 4].map((n) =>
          String(ws.getRow(n).getCell(xHeader.indexOf('newReceived') + 1).value),
        );
        expect(newReceived).toEqual(printed('applications.newReceived.total'));
        expect(ws.getRow(1).getCell(xHeader.indexOf('newReceived') + 1).note).toBe('新收申请');
      });

      it('merging and splitting agencies is for admins; the agency API needs a token or a session', async () => {
        expect((await fetch(`${s.url}/api/agencies`)).status).toBe(401);
        expect((await s.t.api('/api/agencies/99999')).status).toBe(404);
        const viewer = new Client(s.url);
        await viewer.login('victor');
        const token = await viewer.csrf(`/agencies/${agencyId}`);
        expect((await viewer.post(`/agencies/${agencyId}/merge`, { _csrf: token, from: '1' })).status).toBe(403);
        expect((await viewer.fetch(`/agencies/${agencyId}`)).status).toBe(200);
        expect(await (await viewer.fetch(`/agencies/${agencyId}`)).text()).not.toContain('id="agency-admin"');
        expect((await viewer.fetch(`/agencies/${agencyId}/charts/nothing.svg`)).status).toBe(404);
      });

      it('switching the user to English shows the same pages in English', async () => {
        await page.goto(`${s.url}/agencies/${agencyId}`);
        await Promise.all([page.waitForURL(`${s.url}/agencies/${agencyId}`), page.click('#language-switch')]);
        expect((await findUserByName(s.t.service.db!, 'root'))!.language).toBe('en');
        expect(await texts('header nav a')).toEqual(['Queue', 'Agencies', 'Overview', 'Users & re-processing']);
        expect(await page.locator('#chain h2').textContent()).toBe('Cross-year checks');
        expect(
          await page.locator('tr.chain[data-year="2023"][data-rule="archive.carryOver"] .badge').textContent(),
        ).toBe('broken');
        expect(
          await page.locator('tr.chain[data-year="2023"][data-rule="archive.carryOver"] .rule-title').textContent(),
        ).toBe('Across years: carried over does not match last year’s carried forward');
        await shot('agency-en');
        await page.goto(`${s.url}/report/${ids[2]}`);
        expect(await page.locator('li.rule[data-rule="text.reuse"] .rule-title').textContent()).toBe(
          'Prose largely repeats last year’s report',
        );
        expect(await page.locator('#reuse h2').textContent()).toBe('Text repeated from last year’s report');
        expect(await page.locator('#reuse-share').textContent()).toMatch(
          /^\d+\.\d% of the prose repeats the 2022 report$/u,
        );
        await shot('report-en');
        await page.goto(`${s.url}/queue`);
        expect(await texts('table.queue thead th')).toEqual([
          '#',
          'Report',
          'Year',
          'Era',
          'Source',
          'Status',
          'Broken rules',
          'Progress / decided',
          'Updated',
        ]);
        expect(await page.locator(`tr[data-report="${otherId}"] .badge`).first().textContent()).toBe('flagged');
        await shot('queue-en');
        // And back.
        await Promise.all([page.waitForURL(`${s.url}/queue`), page.click('#language-switch')]);
        expect(await page.locator('h1').first().textContent()).toMatch(/^报告/u);
      });
    },
  );
}
