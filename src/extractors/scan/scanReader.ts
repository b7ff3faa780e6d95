/**
 * The OCR side of extraction as the shells use it: a lazily started worker pool and the page
 * reader that plugs into readPages. The pool starts only when a page needs OCR, so born-digital
 * runs never pay for it.
 */
import type { ScannedPageReader } from '../pdf/readPages.js';
import { OcrPool, type OcrPoolOptions } from './ocr.js';
import { readScannedPage, type ScanTrace } from './readScannedPage.js';

export class ScanReader {
  private pool: Promise<OcrPool> | null = null;

  constructor(
    private readonly poolOptions: OcrPoolOptions,
    /** Told what the reader saw of each page (`nianbao explain`). */
    private readonly trace?: (t: ScanTrace) => void,
  ) {}

  readonly read: ScannedPageReader = async (doc, page, settings) => {
    this.pool ??= OcrPool.create(this.poolOptions);
    return readScannedPage(doc, page, await this.pool, settings, this.trace);
  };

  /** Workers per model once started (0 before any page needed OCR). */
  async workers(): Promise<number> {
    return this.pool ? (await this.pool).size : 0;
  }

  async close(): Promise<void> {
    if (this.pool) await (await this.pool).close();
    this.pool = null;
  }
}
