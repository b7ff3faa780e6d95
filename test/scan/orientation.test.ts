/**
 * Pages fed the wrong way round: a sample's table page as a 200 dpi grey scan, turned by 0, 90,
 * 180 and 270 degrees (no /Rotate: the image itself is turned), read by OCR. Each is made upright
 * before layout, reads the same cells, and maps its boxes back onto the page as printed, so a
 * reviewer's outline lands on the cell in the turned picture.
 */
import { readFileSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jpegGray } from '../../scripts/scans/encode.js';
import { fillPage, writeImagePdf } from '../../scripts/scans/imagePdf.js';
import { buildGrids } from '../../src/extractors/layout/grid.js';
import type { Grid } from '../../src/extractors/layout/grid.js';
import { openPdf } from '../../src/extractors/pdf/document.js';
import { readPages } from '../../src/extractors/pdf/readPages.js';
import { renderPage } from '../../src/extractors/pdf/render.js';
import type { PageModel } from '../../src/extractors/model.js';
import { frameBox } from '../../src/extractors/geometry.js';
import { toGray, type GrayImage } from '../../src/extractors/scan/image.js';
import { runsDown } from '../../src/extractors/scan/readScannedPage.js';
import { ScanReader } from '../../src/extractors/scan/scanReader.js';
import { PROJECT_ROOT } from '../helpers/shared.js';
import { DEFAULT_SETTINGS } from '../../src/extractors/settings.js';

const A4 = { width: 595.28, height: 841.89 };
const S = 200 / 72;
const TIMEOUT = 240_000;

/** Page 2 of a sample (its disclosure tables and the head of its applications table) as a grey scan. */
async function uprightScan(): Promise<GrayImage> {
  const doc = await openPdf(new Uint8Array(readFileSync(join(PROJECT_ROOT, 'samples', 'weihui-justice-2021.pdf'))));
  try {
    return await renderPage(doc, await doc.getPage(2), S, (c) => toGray(c.width, c.height, c.pixels(), 3));
  } finally {
    await doc.destroy();
  }
}

/** The scan turned clockwise by `degrees`, as a one-page image-only PDF of the turned size. */
async function turnedPdf(img: GrayImage, degrees: number): Promise<Buffer> {
  const { data, info } = await sharp(Buffer.from(img.data), {
    raw: { width: img.width, height: img.height, channels: 1 },
  })
    .rotate(degrees)
    .raw()
    .toBuffer({ resolveWithObject: true });
  const grey = {
    width: info.width,
    height: info.height,
    data: new Uint8Array(info.channels === 1 ? data : data.filter((_, i) => i % info.channels === 0)),
  };
  const size = degrees % 180 === 0 ? A4 : { width: A4.height, height: A4.width };
  return writeImagePdf([
    { ...size, images: [{ image: await jpegGray(grey, 80), matrix: fillPage(size.width, size.height) }] },
  ]);
}

/** The number words of a page, by their text (numbers are the cells; each text once or more). */
function numbers(page: PageModel): string[] {
  return page.words
    .filter((w) => /^\d+$/u.test(w.text))
    .map((w) => w.text)
    .sort();
}

const pages = new Map<number, PageModel>();
let dir = '';
let scanner: ScanReader | null = null;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'nianbao-orientation-'));
  scanner = new ScanReader({ dataDir: dir, size: 1 });
  const img = await uprightScan();
  for (const degrees of [0, 90, 180, 270]) {
    const [page] = await readPages(new Uint8Array(await turnedPdf(img, degrees)), {
      ocr: 'always',
      readScannedPage: scanner.read,
    });
    pages.set(degrees, page!);
  }
}, TIMEOUT);

afterAll(async () => {
  await scanner?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('pages turned by a quarter, a half, three quarters', () => {
  it('are turned back upright: the turns undo how the page was fed', () => {
    for (const [degrees, page] of pages)
      expect(page.frame?.turns, `${degrees}°`).toBe((((4 - degrees / 90) % 4) + 4) % 4);
  });

  it('read the numbers the upright page reads (OCR of a re-encoded picture may differ in a digit or two)', () => {
    const upright = numbers(pages.get(0)!);
    expect(upright.length).toBeGreaterThan(100);
    for (const degrees of [90, 180, 270]) {
      const left = [...numbers(pages.get(degrees)!)];
      let common = 0;
      for (const n of upright) {
        const i = left.indexOf(n);
        if (i >= 0) {
          common++;
          left.splice(i, 1);
        }
      }
      expect(common, `${degrees}°`).toBeGreaterThanOrEqual(Math.floor(0.97 * upright.length));
    }
  });

  it('map each box back onto the page as printed, where the turned picture shows it', () => {
    const upright = pages.get(0)!;
    const target = upright.words.find((w) => w.text === '1233')!;
    expect(target).toBeDefined();
    for (const degrees of [90, 180, 270]) {
      const page = pages.get(degrees)!;
      const word = page.words.find((w) => w.text === '1233')!;
      const printed = frameBox(word.bbox, page.frame!);
      // Where the upright box goes when the page is turned clockwise by `degrees` (points).
      const [x0, y0, x1, y1] = frameBox(target.bbox, upright.frame!);
      const W = A4.width;
      const H = A4.height;
      const expected =
        degrees === 90
          ? [H - y1, x0, H - y0, x1]
          : degrees === 180
            ? [W - x1, H - y1, W - x0, H - y0]
            : [y0, W - x1, y1, W - x0];
      printed.forEach((v, i) =>
        expect(Math.abs(v - expected[i]!), `${degrees}° coordinate ${i}: ${printed} vs ${expected}`).toBeLessThan(4),
      );
    }
  });
});

describe('runsDown', () => {
  const grid = (cells: Array<[number, number]>): Grid[] => {
    const edges = cells.flatMap(([w, h], i) => [
      { orientation: 'h' as const, at: 100 + i * 100, from: 50, to: 50 + w },
      { orientation: 'h' as const, at: 100 + i * 100 + h, from: 50, to: 50 + w },
      { orientation: 'v' as const, at: 50, from: 100 + i * 100, to: 100 + i * 100 + h },
      { orientation: 'v' as const, at: 50 + w, from: 100 + i * 100, to: 100 + i * 100 + h },
    ]);
    return buildGrids(1, edges, [], DEFAULT_SETTINGS, true);
  };
  const blankPage: GrayImage = { width: 10, height: 10, data: new Uint8Array(100).fill(255) };

  it('takes cells wider than high for text across, higher than wide for text down', () => {
    expect(
      runsDown(
        grid([
          [120, 20],
          [80, 20],
          [60, 18],
          [200, 30],
        ]),
        blankPage,
        128,
      ),
    ).toBe(false);
    expect(
      runsDown(
        grid([
          [20, 120],
          [20, 80],
          [18, 60],
          [30, 200],
        ]),
        blankPage,
        128,
      ),
    ).toBe(true);
  });
});
