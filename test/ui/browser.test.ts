/**
 * The review UI in a real browser (playwright-core driving the system's Chromium; nothing is
 * downloaded). The project's deliberately inconsistent sample goes through the real service
 * pipeline (its own redis-server, sandboxed page reads), then an auditor finds it in the queue,
 * sees the disputed cells in red on the rendered page, corrects them with the keyboard and the
 * mouse, sees the rules turn green and the audit trail grow, approves, and exports CSV and
 * XLSX. A viewer cannot correct (no form, and a POST is refused), a logged-out user is sent to
 * the login, a forged form post is refused. Screenshots go to test/.tmp/screenshots/.
 *
 * Skipped, with a message, when /usr/bin/chromium is missing (.ci/run installs it).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import ExcelJS from 'exceljs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revalidateRecord } from '../../src/validate/index.js';
import { listAudit } from '../../src/store/review.js';
import { getReport, getVersion, saveVersion } from '../../src/store/reports.js';
import { PROJECT_ROOT } from '../helpers/shared.js';
import {
  BACKENDS,
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

// The few DOM shapes the functions run in the page use. This project compiles without the DOM
// library (it is server code); these declarations are local to this module. (Code passed as a
// string would need eval in the page, which the UI's Content-Security-Policy rightly refuses.)
interface DomRect {
  left: number;
  top: number;
  width: number;
  height: number;
}
interface DomElement {
  id: string;
  tagName: string;
  name: string;
  value: string;
  method: string;
  action: string;
  closest(selector: string): DomElement | null;
  querySelector(selector: string): DomElement | null;
  getBoundingClientRect(): DomRect;
  getAttribute(name: string): string | null;
  append(child: DomElement): void;
  submit(): void;
  ownerSVGElement: { viewBox: { baseVal: { width: number; height: number } } } | null;
  complete: boolean;
  naturalWidth: number;
}
declare const document: {
  images: ArrayLike<DomElement>;
  activeElement: DomElement | null;
  body: DomElement;
  createElement(tag: string): DomElement;
};
declare const location: { pathname: string };
declare function getComputedStyle(el: DomElement): { getPropertyValue(property: string): string };

const RED = 'rgb(220, 38, 38)';
const AMBER = 'rgb(217, 119, 6)';
const GREEN = 'rgb(21, 128, 61)';

for (const { backend, skip } of BACKENDS) {
  describe.skipIf(!HAVE_CHROMIUM || skip)(`the review UI in a browser, on ${backend}`, () => {
    let s: UiService;
    let browser: Browser;
    let auditor: BrowserContext;
    let page: Page;
    let flaggedId: number;
    let ocrId: number;

    const shot = (name: string, p: Page = page): Promise<Buffer> =>
      p.screenshot({
        path: join(SCREENSHOTS, `${name}${backend === 'PGlite' ? '' : `-${backend.toLowerCase()}`}.png`),
      });

    async function login(context: BrowserContext, name: string, path: string): Promise<Page> {
      const p = await context.newPage();
      await p.goto(`${s.url}${path}`);
      await p.waitForURL(/\/login\?next=/);
      await p.fill('input[name=name]', name);
      await p.fill('input[name=password]', PASSWORD);
      await Promise.all([p.waitForURL(`${s.url}${path}`), p.press('input[name=password]', 'Enter')]);
      return p;
    }

    /** The page's images have loaded (the PNGs are rendered on first request). */
    const imagesLoaded = (p: Page): Promise<unknown> =>
      p.waitForFunction(() => Array.from(document.images).every((i) => i.complete && i.naturalWidth > 0), undefined, {
        timeout: 30_000,
      });
    const activeId = (p: Page): Promise<string> => p.evaluate(() => document.activeElement?.id ?? '');

    const classOf = (p: Page, selector: string): Promise<string> =>
      p
        .locator(selector)
        .first()
        .getAttribute('class')
        .then((c) => c ?? '');
    const styleOf = (p: Page, selector: string, property: string): Promise<string> =>
      p
        .locator(selector)
        .first()
        .evaluate((el, prop) => getComputedStyle(el as unknown as DomElement).getPropertyValue(prop), property);

    beforeAll(async () => {
      s = await startUiService(backend);
      const upload = async (file: string): Promise<number> =>
        ((await (await s.t.upload(readFileSync(file), file.split('/').pop()!)).json()) as { id: number }).id;
      flaggedId = await upload(INCONSISTENT_SAMPLE);
      ocrId = await upload(join(PROJECT_ROOT, 'samples/weihui-justice-2021.pdf'));
      browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
      const [flagged] = await s.t.waitFinished([flaggedId, ocrId], 90_000);
      expect(flagged!.status).toBe('flagged');
      // The second report as if one of its cells had been read by OCR with little confidence
      // (the samples all have a text layer): its stored version, as a store step would write it.
      const db = s.t.service.db!;
      const report = (await getReport(db, ocrId))!;
      const version = (await getVersion(db, report.currentVersionId!))!;
      const record = structuredClone(version.record);
      record.cells['disclosure.licensing.decisions'] = {
        ...record.cells['disclosure.licensing.decisions']!,
        source: 'ocr',
        confidence: 0.42,
      };
      await saveVersion(db, {
        reportId: ocrId,
        run: report.run,
        record: revalidateRecord(record, { text: version.text }),
        text: version.text,
      });
      auditor = await browser.newContext({ viewport: { width: 1600, height: 1000 }, acceptDownloads: true });
    }, 150_000);

    afterAll(async () => {
      await browser?.close();
      await s?.stop();
    }, 60_000);

    it('sends a logged-out user to the login, then back', async () => {
      page = await login(auditor, 'alice', `/report/${flaggedId}`);
      // (The page's script then notes the selected cell in the address: ?cell=…)
      expect(new URL(page.url()).pathname).toBe(`/report/${flaggedId}`);
      expect(await page.locator('h1').first().textContent()).toContain('红寺堡区司法局');
    });

    it('lists flagged reports first, with their rules and the counts per rule', async () => {
      await page.goto(`${s.url}/queue`);
      const rows = page.locator('table.queue tbody tr');
      expect(await rows.count()).toBe(2);
      expect(await rows.nth(0).getAttribute('data-report')).toBe(String(flaggedId));
      expect(await rows.nth(0).locator('.badge').first().textContent()).toBe('flagged');
      expect(await rows.nth(0).locator('.chip .rule-id').allTextContents()).toEqual([
        'appeals.total',
        'applications.results',
        'applications.rowSum',
      ]);
      // Each beside its name (the user reads English here: test/ui/people.test.ts has the Chinese).
      expect(await rows.nth(0).locator('.chip .rule-title').first().textContent()).toBe(
        'Appeals table: results do not add up to the total',
      );
      expect(await page.locator('.rule-counts a[data-rule="appeals.total"] .n').textContent()).toBe('1');
      await shot('queue');
      // Filters: the rule filter keeps the flagged report, the 2008 era none.
      await page.goto(`${s.url}/queue?rule=appeals.total`);
      expect(await page.locator('table.queue tbody tr[data-report]').count()).toBe(1);
      await page.selectOption('select[name=era]', '2008');
      await page.click('form.filters button.primary');
      await page.waitForURL(/era=2008/);
      expect(await page.locator('table.queue tbody tr[data-report]').count()).toBe(0);
    });

    it(
      'draws every cell box on the rendered page, the cells of broken ' + 'rules in red, where the numbers are printed',
      async () => {
        await page.goto(`${s.url}/report/${flaggedId}`);
        await imagesLoaded(page);
        const disputed = [
          'appeals.review.total',
          'appeals.review.upheld',
          'appeals.review.corrected',
          'appeals.review.other',
          'appeals.review.pending',
        ];
        for (const cell of disputed) {
          expect(await classOf(page, `rect.box[data-cell="${cell}"]`), cell).toMatch(/\bbroken\b/);
        }
        expect(await classOf(page, 'rect.box[data-cell="appeals.suitDirect.total"]')).not.toMatch(/broken/);
        expect(await page.locator('rect.box').count()).toBe(200);
        expect(await styleOf(page, 'rect.box[data-cell="appeals.review.total"]', 'stroke')).toBe(RED);
        expect(await classOf(page, 'a.cell[data-cell="appeals.review.total"]')).toMatch(/\bbroken\b/);
        expect(await page.locator('li.rule.error[data-rule="appeals.total"] .messages').textContent()).toContain(
          '行政复议 总计 3 ≠ 2 + 1 + 0 + 1 = 4',
        );

        // The box sits on the printed number: its place over the image is the cell's bbox, and the
        // rendered page has ink there (the digit 3).
        const db = s.t.service.db!;
        const record = (await getVersion(db, (await getReport(db, flaggedId))!.currentVersionId!))!.record;
        const cell = record.cells['appeals.review.total']!;
        const geometry = await page.locator('rect.box[data-cell="appeals.review.total"]').evaluate((node) => {
          const rect = node as unknown as DomElement;
          const img = rect.closest('.sheet-image')!.querySelector('img')!;
          const r = rect.getBoundingClientRect();
          const i = img.getBoundingClientRect();
          const vb = rect.ownerSVGElement!.viewBox.baseVal;
          return {
            x: (r.left - i.left) / i.width,
            y: (r.top - i.top) / i.height,
            w: r.width / i.width,
            vbw: vb.width,
            vbh: vb.height,
            src: img.getAttribute('src') ?? '',
          };
        });
        expect(geometry.src).toBe(`/report/${flaggedId}/page/${cell.page}`);
        expect(geometry.x).toBeCloseTo(cell.bbox[0] / geometry.vbw, 2);
        expect(geometry.y).toBeCloseTo(cell.bbox[1] / geometry.vbh, 2);
        expect(geometry.w).toBeCloseTo((cell.bbox[2] - cell.bbox[0]) / geometry.vbw, 2);
        const png = await auditor.request.get(`${s.url}${geometry.src}`);
        expect(png.headers()['content-type']).toBe('image/png');
        const image = await loadImage(await png.body());
        const canvas = createCanvas(image.width, image.height);
        const g = canvas.getContext('2d');
        g.drawImage(image, 0, 0);
        const k = image.width / geometry.vbw;
        const ink = (x0: number, y0: number, x1: number, y1: number): number => {
          const d = g.getImageData(
            Math.round(x0 * k),
            Math.round(y0 * k),
            Math.round((x1 - x0) * k),
            Math.round((y1 - y0) * k),
          ).data;
          let n = 0;
          for (let p = 0; p < d.length; p += 4) if (d[p]! + d[p + 1]! + d[p + 2]! < 300) n++;
          return n;
        };
        const [x0, y0, x1, y1] = cell.bbox;
        expect(ink(x0 + 3, y0 + 3, x1 - 3, y1 - 3)).toBeGreaterThan(15); // the digit, inside the cell's borders
        expect(ink(5, y0 + 3, 25, y1 - 3)).toBe(0); // and none in the page's margin beside it
        await shot('report-flagged');
      },
    );

    it('clicking a cell highlights its box and the rules it takes part in', async () => {
      await page.click('a.cell[data-cell="appeals.review.total"]');
      expect(await classOf(page, 'rect.box[data-cell="appeals.review.total"]')).toMatch(/\bselected\b/);
      expect(await classOf(page, 'li.rule[data-rule="appeals.total"]')).toMatch(/\bhl\b/);
      expect(await classOf(page, 'li.rule[data-rule="applications.rowSum"]')).not.toMatch(/\bhl\b/);
      expect(await page.locator('#cp-id').textContent()).toBe('appeals.review.total');
      expect(await page.locator('#cp-label').textContent()).toBe('行政复议 · 总计');
      // A box on the image selects too.
      await page.locator('rect.box[data-cell="applications.withheld.thirdParty.total"]').click({ force: true });
      expect(await page.locator('#cp-id').textContent()).toBe('applications.withheld.thirdParty.total');
      expect(await classOf(page, 'li.rule[data-rule="applications.rowSum"]')).toMatch(/\bhl\b/);
      expect(await classOf(page, 'li.rule[data-rule="applications.results"]')).toMatch(/\bhl\b/);
    });

    it('corrects a value with the keyboard alone: the rule turns green, the audit entry appears', async () => {
      await page.click('a.cell[data-cell="appeals.review.pending"]');
      await page.keyboard.press('j'); // next flagged cell (the template prints 总计 after 尚未审结)
      expect(await page.locator('#cp-id').textContent()).toBe('appeals.review.total');
      await page.keyboard.press('j'); // past the last flagged cell: back to the first
      expect(await page.locator('#cp-id').textContent()).toBe('applications.granted.total');
      await page.keyboard.press('k');
      expect(await page.locator('#cp-id').textContent()).toBe('appeals.review.total');
      expect(await activeId(page)).toBe(''); // focus on the cell link
      await page.keyboard.press('c');
      expect(await activeId(page)).toBe('cp-input');
      await page.keyboard.type('4');
      await page.keyboard.press('Tab');
      expect(await activeId(page)).toBe('cp-reason');
      await page.keyboard.type('p'); // type-ahead: the first reason starting with p
      expect(await page.locator('#cp-reason').inputValue()).toBe('printed-error-agency');
      await Promise.all([page.waitForURL(/done=correct/), page.keyboard.press('Enter')]);
      await imagesLoaded(page);

      expect(await page.locator('.banner.notice').textContent()).toContain('Corrected. The rules ran again.');
      expect(await classOf(page, 'li.rule[data-rule="appeals.total"]')).toMatch(/\bok\b/);
      expect(await page.locator('li.rule[data-rule="appeals.total"] .state').textContent()).toBe('holds after review');
      expect(await styleOf(page, 'li.rule[data-rule="appeals.total"]', 'border-left-color')).toBe(GREEN);
      expect(await classOf(page, 'li.rule[data-rule="applications.rowSum"]')).toMatch(/\berror\b/);
      expect(await classOf(page, 'rect.box[data-cell="appeals.review.upheld"]')).not.toMatch(/broken/);
      expect(await classOf(page, 'a.cell[data-cell="appeals.review.total"]')).toMatch(/\bcorrected\b/);
      expect(await page.locator('a.cell[data-cell="appeals.review.total"]').textContent()).toBe('4');
      const entry = page.locator('#audit tr.audit-entry').first();
      expect(await entry.getAttribute('data-action')).toBe('correct');
      expect(await entry.locator('td').allTextContents()).toEqual([
        expect.stringMatching(/UTC$/),
        'alice',
        'corrected',
        'appeals.review.total',
        '3 → 4',
        'printed error, corrected by agency',
      ]);
      expect(await page.locator('#review-status').textContent()).toBe('in review');
      await shot('report-corrected');
    });

    it('accepts a cell as printed with the keyboard', async () => {
      await page.click('a.cell[data-cell="applications.withheld.thirdParty.naturalPerson"]');
      await Promise.all([page.waitForURL(/done=confirm-cell/), page.keyboard.press('a')]);
      expect(await classOf(page, 'a.cell[data-cell="applications.withheld.thirdParty.naturalPerson"]')).toMatch(
        /\bconfirmed\b/,
      );
      expect(await page.locator('#audit tr.audit-entry').first().getAttribute('data-action')).toBe('confirm_cell');
    });

    it('refuses a forged form post without the CSRF token (403), and one with a wrong token', async () => {
      const [response] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith(`/report/${flaggedId}/reject`)),
        page.evaluate(() => {
          const f = document.createElement('form');
          f.method = 'post';
          f.action = location.pathname + '/reject';
          const note = document.createElement('input');
          note.name = 'note';
          note.value = 'forged';
          f.append(note);
          document.body.append(f);
          f.submit();
        }),
      ]);
      expect(response.status()).toBe(403);
      await page.waitForLoadState();
      expect(await page.locator('.banner.error').textContent()).toMatch(/CSRF/);
      const status = await page.evaluate(
        (id) =>
          fetch(`/report/${id}/reject`, {
            method: 'POST',
            body: new URLSearchParams({ _csrf: 'wrong', note: 'forged' }),
          }).then((r) => r.status),
        flaggedId,
      );
      expect(status).toBe(403);
      expect((await listAudit(s.t.service.db!, flaggedId)).map((e) => e.action)).not.toContain('reject');
    });

    it('a viewer sees no correction form, and a POST is refused 403', async () => {
      const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
      const viewer = await login(context, 'victor', `/report/${flaggedId}`);
      expect(await viewer.locator('#correct-form').count()).toBe(0);
      expect(await viewer.locator('#accept-form, #approve, #reject, #confirm-report, #reprocess').count()).toBe(0);
      await viewer.click('a.cell[data-cell="appeals.review.pending"]');
      expect(await viewer.locator('#cp-id').textContent()).toBe('appeals.review.pending');
      await viewer.keyboard.press('c'); // nothing to focus
      expect(await viewer.evaluate(() => document.activeElement?.tagName)).not.toBe('INPUT');
      // The viewer's own, valid CSRF token (from the logout form): the role is what refuses.
      const token = await viewer.locator('input[name=_csrf]').first().inputValue();
      const status = await viewer.evaluate(
        ({ id, fields }) =>
          fetch(`/report/${id}/correct`, { method: 'POST', body: new URLSearchParams(fields) }).then((r) => r.status),
        { id: flaggedId, fields: { _csrf: token, cell: 'appeals.review.pending', value: '9', reason: 'ocr-misread' } },
      );
      expect(status).toBe(403);
      await shot('report-viewer', viewer);
      await context.close();
      const audit = await listAudit(s.t.service.db!, flaggedId);
      expect(audit.filter((e) => e.cellId === 'appeals.review.pending')).toEqual([]);
    });

    it('approves once every broken rule is resolved', async () => {
      await page.goto(`${s.url}/report/${flaggedId}`);
      expect(await page.locator('#approve').isDisabled()).toBe(true);
      expect(await page.locator('#approve-blocked').textContent()).toMatch(/2 broken rules/);
      // The mouse this time: 保护第三方合法权益 总计 is printed 4, its row adds to 3.
      await page.click('a.cell[data-cell="applications.withheld.thirdParty.total"]');
      await page.fill('#cp-input', '3');
      await page.selectOption('#cp-reason', 'printed-error-agency');
      await page.fill('#correct-form input[name=note]', '<b>agency erratum</b> 2023-02');
      await Promise.all([page.waitForURL(/done=correct/), page.click('#cp-correct')]);
      for (const rule of ['appeals.total', 'applications.rowSum', 'applications.results']) {
        expect(await classOf(page, `li.rule[data-rule="${rule}"]`), rule).toMatch(/\bok\b/);
      }
      expect(await page.locator('rect.box.broken').count()).toBe(0);
      // The note is shown as text, not markup.
      expect(await page.locator('#audit tr.audit-entry').first().locator('td').last().textContent()).toBe(
        'printed error, corrected by agency — <b>agency erratum</b> 2023-02',
      );
      expect(await page.locator('#audit b').count()).toBe(0);
      await Promise.all([page.waitForURL(/done=approve/), page.click('#approve')]);
      await imagesLoaded(page);
      expect(await page.locator('#review-status').textContent()).toBe('approved');
      expect(await page.locator('#correct-form').count()).toBe(0);
      expect((await listAudit(s.t.service.db!, flaggedId)).map((e) => e.action)).toEqual([
        'approve',
        'correct',
        'confirm_cell',
        'correct',
      ]);
      await shot('report-approved');
    });

    it('exports the approved data: the corrected values are in the CSV and the XLSX', async () => {
      await page.goto(`${s.url}/queue`);
      expect(await page.locator(`tr[data-report="${flaggedId}"] .badge`).first().textContent()).toBe('approved');
      const [csvDownload] = await Promise.all([
        page.waitForEvent('download'),
        page.click('.exports a:has-text("CSV")'),
      ]);
      const csv = (await readFile((await csvDownload.path())!, 'utf8')).replace(/^\ufeff/, '').split('\r\n');
      expect(csv[0]).toBe('report,file,agency,year,era,cell,value,source,extracted_value,reviewed_by,reviewed_at');
      expect(csv.find((l) => l.includes(',appeals.review.total,'))).toMatch(
        new RegExp(
          `^${flaggedId},hongsibu-justice-2022.pdf,红寺堡区司法局,2022,2021,appeals.review.total,4,human,3,alice,\\d{4}-`,
        ),
      );
      expect(csv.find((l) => l.includes(',applications.withheld.thirdParty.total,'))).toMatch(/,3,human,4,alice,/);
      expect(csv.find((l) => l.includes(',appeals.review.upheld,'))).toMatch(/,appeals.review.upheld,2,text,2,alice,/);
      expect(csv.filter((l) => l.startsWith(`${flaggedId},`)).length).toBe(200);
      expect(csv.some((l) => l.startsWith(`${ocrId},`))).toBe(false); // not approved
      // Filtered like the queue: no approved report of 2021.
      const filtered = await auditor.request.get(`${s.url}/export.csv?year=2021`);
      expect((await filtered.text()).replace(/^\ufeff/, '').trim()).toBe(csv[0]);

      const [xlsxDownload] = await Promise.all([
        page.waitForEvent('download'),
        page.click('.exports a:has-text("XLSX")'),
      ]);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load((await readFile((await xlsxDownload.path())!)) as unknown as ArrayBuffer);
      expect(wb.worksheets.map((w) => w.name)).toEqual([
        'reports',
        'disclosure',
        'applications',
        'appeals',
        'legacy',
        'issues',
      ]);
      const rowOf = (sheet: string, rowId: string): { get(column: string): unknown; note(column: string): string } => {
        const ws = wb.getWorksheet(sheet)!;
        const header = ws.getRow(1).values as unknown[];
        let found: ExcelJS.Row | undefined;
        ws.eachRow((r, n) => {
          if (n > 1 && r.getCell(1).value === flaggedId && r.getCell(5).value === rowId) found = r;
        });
        if (!found) throw new Error(`no row ${rowId} in ${sheet}`);
        return {
          get: (c) => found!.getCell(header.indexOf(c)).value,
          note: (c) => String(found!.getCell(header.indexOf(c)).note ?? ''),
        };
      };
      expect(rowOf('appeals', 'review').get('total')).toBe(4);
      expect(rowOf('appeals', 'review').note('total')).toMatch(
        /corrected by alice: printed error, corrected by agency \(extracted 3\)/,
      );
      expect(rowOf('appeals', 'review').get('upheld')).toBe(2);
      expect(rowOf('applications', 'withheld.thirdParty').get('total')).toBe(3);
      expect(rowOf('applications', 'total').get('total')).toBe(138);
      expect(rowOf('disclosure', 'licensing').get('decisions')).toBe(12);
      expect(wb.getWorksheet('reports')!.getRow(2).getCell(8).value).toBe(2); // corrections
    });

    it(
      'an admin extracts again: the corrections stay; where the new extraction reads otherwise, a conflict to ' +
        'settle',
      async () => {
        const db = s.t.service.db!;
        const admin = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
        const root = await login(admin, 'root', `/report/${flaggedId}`);
        await Promise.all([root.waitForURL(/done=reprocess/), root.click('#reprocess')]);
        await admin.close();
        // The real pipeline reads the same file again: the same values, so no conflict; the
        // corrections stay in force, and the approval (of run 1) lapses.
        const [again] = await s.t.waitFinished([flaggedId], 60_000);
        expect(again!.run).toBe(2);
        await page.goto(`${s.url}/report/${flaggedId}`);
        expect(await page.locator('#review-status').textContent()).toBe('in review');
        expect(await page.locator('#conflicts').count()).toBe(0);
        expect(await page.locator('a.cell[data-cell="appeals.review.total"]').textContent()).toBe('4');
        expect((await listAudit(db, flaggedId)).map((e) => [e.action, e.userName])[0]).toEqual(['reprocess', 'root']);

        // Had the new extraction read 5 there (its stored version, as the store step writes it):
        const version = (await getVersion(db, again!.currentVersionId!))!;
        const record = structuredClone(version.record);
        record.cells['appeals.review.total'] = { ...record.cells['appeals.review.total']!, value: 5, raw: '5' };
        await saveVersion(db, {
          reportId: flaggedId,
          run: version.run,
          record: revalidateRecord(record, { text: version.text }),
          text: version.text,
        });
        await page.goto(`${s.url}/report/${flaggedId}`);
        const conflict = page.locator('#conflicts li[data-cell="appeals.review.total"]');
        expect(await conflict.textContent()).toMatch(
          /corrected to\s+4\s+by alice when the extraction read 3; it now reads 5/,
        );
        // not overwritten
        expect(await page.locator('a.cell[data-cell="appeals.review.total"]').textContent()).toBe('4');
        expect(await classOf(page, 'a.cell[data-cell="appeals.review.total"]')).toMatch(/\bconflict\b/);
        expect(await page.locator('#approve').isDisabled()).toBe(true);
        expect(await page.locator('#approve-blocked').textContent()).toMatch(/1 conflict/);
        await shot('report-conflict');
        await Promise.all([page.waitForURL(/done=keep/), conflict.locator('button:has-text("Keep 4")').click()]);
        expect(await page.locator('#conflicts').count()).toBe(0);
        expect(await page.locator('#audit tr.audit-entry').first().locator('td').nth(4).textContent()).toBe('5 → 4');
        expect(await page.locator('#approve').isDisabled()).toBe(false);
      },
    );

    it('shows a low-confidence OCR cell in amber', async () => {
      await page.goto(`${s.url}/report/${ocrId}`);
      await imagesLoaded(page);
      const box = 'rect.box[data-cell="disclosure.licensing.decisions"]';
      expect(await classOf(page, box)).toMatch(/\blowconf\b/);
      // (Select another cell so the selection colour does not cover it.)
      await page.click('a.cell[data-cell="disclosure.rules.issued"]');
      expect(await styleOf(page, box, 'stroke')).toBe(AMBER);
      expect(await classOf(page, 'li.rule[data-rule="extraction.confidence"]')).toMatch(/\berror\b/);
      const db = s.t.service.db!;
      const cells = (await getVersion(db, (await getReport(db, ocrId))!.currentVersionId!))!.record.cells;
      expect(await page.locator('#cp-where').textContent()).toBe(
        `page ${cells['disclosure.rules.issued']!.page}, text layer`,
      );
      await page.click('a.cell[data-cell="disclosure.licensing.decisions"]');
      expect(await page.locator('#cp-where').textContent()).toBe(
        `page ${cells['disclosure.licensing.decisions']!.page}, OCR, confidence 0.42`,
      );
      await page.click('a.cell[data-cell="disclosure.rules.issued"]');
      await shot('report-ocr');
    });
  });
}
