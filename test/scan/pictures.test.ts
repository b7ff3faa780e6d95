/**
 * A page with a sound text layer and a table pasted as a picture: the text layer gives the
 * prose, OCR reads only the picture, and the table's cells come out as from any table. The
 * fixture is made here: the appeals table of a born-digital sample rendered to pixels and laid
 * onto a new page under a real text heading.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import PDFDocument from 'pdfkit';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { layoutPages } from '../../src/extractors/layout/layoutPages.js';
import type { Box } from '../../src/extractors/model.js';
import { openPdf } from '../../src/extractors/pdf/document.js';
import { readPageModel } from '../../src/extractors/pdf/pages.js';
import { extractReport, type Extraction } from '../../src/extractors/pipeline.js';
import { ScanReader } from '../../src/extractors/scan/scanReader.js';
import { PROJECT_ROOT, readTruth } from '../helpers/shared.js';
import { DEFAULT_SETTINGS } from '../../src/extractors/settings.js';

const SAMPLE = 'weihui-justice-2021';
const PAGE = 3;
const DPI = 200;

interface Canvas {
  fillStyle: string;
  fillRect(x: number, y: number, w: number, h: number): void;
  getImageData(x: number, y: number, w: number, h: number): { width: number; height: number; data: Uint8ClampedArray };
}

/** The sample page's last table (appeals) as a PNG, and where it sat on the page (points). */
async function tablePicture(): Promise<{ png: Buffer; box: Box }> {
  const doc = await openPdf(new Uint8Array(readFileSync(join(PROJECT_ROOT, 'samples', `${SAMPLE}.pdf`))));
  try {
    const model = await readPageModel(doc, PAGE, DEFAULT_SETTINGS);
    const grid = layoutPages([model], DEFAULT_SETTINGS).pageGrids[0]!.grids.at(-1)!;
    const box: Box = [grid.bbox[0] - 4, grid.bbox[1] - 4, grid.bbox[2] + 4, grid.bbox[3] + 4];
    const page = await doc.getPage(PAGE);
    const scale = DPI / 72;
    const vp = page.getViewport({ scale });
    const factory = doc.canvasFactory as { create(w: number, h: number): { canvas: unknown; context: Canvas } };
    const { canvas, context } = factory.create(Math.ceil(vp.width), Math.ceil(vp.height));
    context.fillStyle = '#ffffff';
    context.fillRect(0, 0, Math.ceil(vp.width), Math.ceil(vp.height));
    await page.render({ canvas: canvas as never, canvasContext: context as never, viewport: vp }).promise;
    const [x0, y0, x1, y1] = box.map((v) => Math.round(v * scale)) as Box;
    const pixels = context.getImageData(x0, y0, x1 - x0, y1 - y0);
    const png = await sharp(Buffer.from(pixels.data), {
      raw: { width: pixels.width, height: pixels.height, channels: 4 },
    })
      .png()
      .toBuffer();
    return { png, box };
  } finally {
    await doc.destroy();
  }
}

/** A4: the title and heading as real text (a CJK font), the table as a picture below them. */
async function pdfWithPicture(png: Buffer, box: Box): Promise<Buffer> {
  const require = createRequire(import.meta.url);
  const font = join(dirname(dirname(require.resolve('@embedpdf/fonts-sc'))), 'fonts', 'NotoSansHans-Regular.otf');
  const doc = new PDFDocument({ size: 'A4', margin: 0, info: { CreationDate: new Date(0) } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.font(font).fontSize(16).text('卫辉市司法局2021年政府信息公开工作年度报告', 80, 80);
  doc.fontSize(12).text('五、政府信息公开行政复议、行政诉讼情况', 80, box[1] - 30);
  doc.image(png, box[0], box[1], { width: box[2] - box[0], height: box[3] - box[1] });
  doc.end();
  return done;
}

describe('a table pasted as a picture on a text page', () => {
  let dataDir = '';
  let scanner: ScanReader | null = null;
  let result: Extraction;

  beforeAll(async () => {
    const { png, box } = await tablePicture();
    const pdf = await pdfWithPicture(png, box);
    dataDir = mkdtempSync(join(tmpdir(), 'nianbao-pictures-'));
    scanner = new ScanReader({ dataDir, size: 1 });
    result = await extractReport(new Uint8Array(pdf), { ocr: 'auto', readScannedPage: scanner.read });
  }, 120_000);

  afterAll(async () => {
    await scanner?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('is found: the page keeps its text layer and names the picture for OCR', () => {
    const page = result.pages[0]!;
    expect(page.textQuality).toBe('pictures');
    expect(page.pictures).toHaveLength(1);
    expect(page.words.some((w) => w.source === 'text' && w.text.includes('年度报告'))).toBe(true);
    expect(result.record.meta.year).toBe(2021);
    expect(result.record.source.textLayer).toBe('partial');
  });

  it('reads the pictured table into the same cells, from OCR, equal to the truth', () => {
    const truth = readTruth(join(PROJECT_ROOT, 'samples', 'truth', `${SAMPLE}.json`));
    const appeals = Object.entries(truth.cells).filter(([id]) => id.startsWith('appeals.'));
    expect(appeals).toHaveLength(15);
    expect(appeals.some(([, v]) => v !== 0)).toBe(true);
    for (const [id, value] of appeals) {
      expect(result.record.cells[id], id).toMatchObject({ value, source: 'ocr' });
    }
  });

  it('reads a picture pasted 1.5° askew: it is straightened in place', async () => {
    const { png, box } = await tablePicture();
    const askew = await sharp(png).rotate(1.5, { background: '#ffffff' }).png().toBuffer();
    const { record, pages } = await extractReport(new Uint8Array(await pdfWithPicture(askew, box)), {
      ocr: 'auto',
      readScannedPage: scanner!.read,
    });
    expect(pages[0]!.textQuality).toBe('pictures');
    const truth = readTruth(join(PROJECT_ROOT, 'samples', 'truth', `${SAMPLE}.json`));
    for (const [id, value] of Object.entries(truth.cells).filter(([k]) => k.startsWith('appeals.')))
      expect(record.cells[id], id).toMatchObject({ value, source: 'ocr' });
  }, 60_000);

  it('with OCR off leaves the picture unread: no appeals cells, and the page says why', async () => {
    const { png, box } = await tablePicture();
    const { record, pages } = await extractReport(new Uint8Array(await pdfWithPicture(png, box)), { ocr: 'never' });
    expect(pages[0]!.textQuality).toBe('pictures');
    expect(Object.keys(record.cells).filter((id) => id.startsWith('appeals.'))).toEqual([]);
  });
});
