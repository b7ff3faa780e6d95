/**
 * The text-layer pass over a whole document: one page model per page, with pages that need
 * OCR handed to the scan reader when one is given.
 */
import type { PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { PageModel } from '../model.js';
import { resolveSettings, type ExtractionSettings, type SettingsInput } from '../settings.js';
import { openPdf } from './document.js';
import { readPageModel } from './pages.js';

/** auto: OCR the pages whose text layer is missing or garbage; always: every page; never: none. */
export type OcrMode = 'auto' | 'always' | 'never';

/** Reads a page from its pixels (the OCR path); given the text layer's model of the page. */
export type ScannedPageReader = (
  doc: PDFDocumentProxy,
  page: PageModel,
  settings: ExtractionSettings,
) => Promise<PageModel>;

export interface ReadPagesOptions {
  maxPages?: number;
  ocr?: OcrMode;
  /** Supplies page models for pages the text layer cannot serve (scans, garbled text). */
  readScannedPage?: ScannedPageReader;
  /** Pages read at once (OCR pages hold an image each); defaults to 2. */
  concurrency?: number;
  /** Called after each page is read. */
  onProgress?: (done: number, total: number) => void;
  /** Tolerances over the defaults (settings.ts), at any depth. */
  settings?: SettingsInput;
}

export function needsOcr(model: PageModel, mode: OcrMode): boolean {
  return mode === 'always' || (mode === 'auto' && model.textQuality !== 'ok');
}

async function readPage(
  doc: PDFDocumentProxy,
  pageNumber: number,
  options: ReadPagesOptions,
  settings: ExtractionSettings,
): Promise<PageModel> {
  try {
    const model = await readPageModel(doc, pageNumber, settings);
    const mode = options.ocr ?? 'auto';
    if (!options.readScannedPage || !needsOcr(model, mode)) return model;
    // always: the whole page from its pixels, not only its pictures (a text layer may be wrong).
    return await options.readScannedPage(
      doc,
      mode === 'always' && model.textQuality === 'pictures' ? { ...model, textQuality: 'ok' } : model,
      settings,
    );
  } finally {
    // The operator list read for the text layer served the scan reader too; now it goes.
    (await doc.getPage(pageNumber)).cleanup();
  }
}

/**
 * Reads every page's model. Text pages are read in order; pages going to OCR are read
 * `concurrency` at a time (each holds a page image in memory), so a pool of OCR workers stays busy.
 */
export async function readPages(data: Uint8Array, options: ReadPagesOptions = {}): Promise<PageModel[]> {
  const settings = resolveSettings(options.settings);
  const doc = await openPdf(data, { maxPages: options.maxPages });
  try {
    const total = doc.numPages;
    const pages = new Array<PageModel>(total);
    const limit = Math.max(1, options.concurrency ?? 2);
    let done = 0;
    const running = new Set<Promise<void>>();
    for (let p = 1; p <= total; p++) {
      const task = readPage(doc, p, options, settings).then((model) => {
        pages[p - 1] = model;
        options.onProgress?.(++done, total);
      });
      running.add(task);
      void task.finally(() => running.delete(task)).catch(() => undefined);
      if (running.size >= limit) await Promise.race(running);
    }
    await Promise.all(running);
    return pages;
  } finally {
    await doc.destroy();
  }
}

/** Page count, checking the file is a readable PDF within the page limit. */
export async function countPages(data: Uint8Array, options: Pick<ReadPagesOptions, 'maxPages'> = {}): Promise<number> {
  const doc = await openPdf(data, { maxPages: options.maxPages });
  const n = doc.numPages;
  await doc.destroy();
  return n;
}

/** One page's model (for per-page jobs): text layer, or the scan reader where the text is unusable. */
export async function readOnePage(
  data: Uint8Array,
  pageNumber: number,
  options: ReadPagesOptions = {},
): Promise<PageModel> {
  const settings = resolveSettings(options.settings);
  const doc = await openPdf(data, { maxPages: options.maxPages });
  try {
    if (pageNumber < 1 || pageNumber > doc.numPages)
      throw new RangeError(`page ${pageNumber} is not in 1..${doc.numPages}`);
    return await readPage(doc, pageNumber, options, settings);
  } finally {
    await doc.destroy();
  }
}

/** How much of the document the text layer served: full, partial or none. */
export function textLayerOf(pages: readonly PageModel[]): 'full' | 'partial' | 'none' {
  const ok = pages.filter((p) => p.source === 'text' && p.textQuality === 'ok').length;
  if (ok === pages.length && pages.length > 0) return 'full';
  // A page with pictures read by OCR is served partly by its text layer.
  const some = ok + pages.filter((p) => p.source === 'text' && p.textQuality === 'pictures').length;
  return some === 0 ? 'none' : 'partial';
}
