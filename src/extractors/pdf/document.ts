/**
 * Opening a PDF with pdfjs-dist (Node legacy build) and turning its failures into reasons a
 * user can act on. Chinese CID fonts need the bundled cMaps and standard fonts: without them
 * text comes out empty or garbled.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { getDocument, type PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { DEFAULT_SETTINGS } from '../settings.js';

const require = createRequire(import.meta.url);
const pdfjsRoot = dirname(require.resolve('pdfjs-dist/package.json'));
/** pdfjs wants directory URLs with a trailing slash. */
const CMAP_URL = pathToFileURL(join(pdfjsRoot, 'cmaps')).href + '/';
const STANDARD_FONT_URL = pathToFileURL(join(pdfjsRoot, 'standard_fonts')).href + '/';
const WASM_URL = pathToFileURL(join(pdfjsRoot, 'wasm')).href + '/';

export type PdfErrorKind = 'empty' | 'not-pdf' | 'encrypted' | 'corrupt' | 'too-large';

/** A file that cannot be read as a report, with the reason in words. */
export class PdfReadError extends Error {
  constructor(
    readonly kind: PdfErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'PdfReadError';
  }
}

export interface OpenOptions {
  /** Refuse documents with more pages than this (a report has 3–30). */
  maxPages?: number;
  /**
   * Embedded images larger than this many pixels are left out (pdfjs maxImageSize) instead of
   * being decoded: a 30000×30000 picture would take gigabytes. Default: no limit.
   */
  maxImageSize?: number;
}

/**
 * The largest page image made by rendering, in pixels (settings.ts: scan.acquire.maxPixels, 2^24).
 * Larger renders are scaled down to fit, so a page declared 4000×4000 pt cannot make an
 * 8000×8000 canvas; the review UI's page images use the same cap as the OCR reader.
 */
export const MAX_RENDER_PIXELS = DEFAULT_SETTINGS.scan.acquire.maxPixels;
/** …and no side longer than this (canvas limits; a 14400 pt strip). */
export const MAX_RENDER_SIDE = 16_384;
/** The embedded-image cap for rendering (maxImageSize): 2^26 px covers A4 and B4 scans at 600 dpi. */
export const MAX_IMAGE_PIXELS = 2 ** 26;

/**
 * The scale to render a page of `width`×`height` points at: `scale`, or less so that the image
 * stays within MAX_RENDER_PIXELS and MAX_RENDER_SIDE (aspect kept). Use it for every render.
 */
export function cappedScale(
  width: number,
  height: number,
  scale: number,
  maxPixels = MAX_RENDER_PIXELS,
  maxSide = MAX_RENDER_SIDE,
): number {
  if (!(width > 0 && height > 0 && scale > 0)) return scale;
  const byArea = Math.sqrt(maxPixels / (width * height));
  const bySide = maxSide / Math.max(width, height);
  return Math.min(scale, byArea, bySide);
}

/** Checks the bytes before pdfjs sees them, so the common mistakes get a plain reason. */
export function checkPdfBytes(data: Uint8Array): void {
  if (data.length === 0) throw new PdfReadError('empty', 'the file is empty (0 bytes)');
  // The header may follow some junk, but must be within the first KiB (PDF 32000 7.5.2 practice).
  const head = Buffer.from(data.subarray(0, 1024)).toString('latin1');
  if (!head.includes('%PDF-')) throw new PdfReadError('not-pdf', 'not a PDF file (no %PDF- header)');
}

export async function openPdf(data: Uint8Array, options: OpenOptions = {}): Promise<PDFDocumentProxy> {
  checkPdfBytes(data);
  const task = getDocument({
    // pdfjs transfers (detaches) the buffer it is given: hand it a copy so callers keep theirs.
    data: data.slice(),
    cMapUrl: CMAP_URL,
    cMapPacked: true,
    standardFontDataUrl: STANDARD_FONT_URL,
    wasmUrl: WASM_URL,
    useSystemFonts: false,
    isEvalSupported: false,
    stopAtErrors: false,
    verbosity: 0,
    ...(options.maxImageSize !== undefined ? { maxImageSize: options.maxImageSize } : {}),
  });
  let doc: PDFDocumentProxy;
  try {
    doc = await task.promise;
  } catch (err) {
    await task.destroy().catch(() => undefined);
    throw classifyPdfError(err);
  }
  if (options.maxPages !== undefined && doc.numPages > options.maxPages) {
    const pages = doc.numPages;
    await doc.destroy();
    throw new PdfReadError('too-large', `the PDF has ${pages} pages, more than the limit of ${options.maxPages}`);
  }
  return doc;
}

function classifyPdfError(err: unknown): PdfReadError {
  const name = err instanceof Error ? err.name : '';
  const message = err instanceof Error ? err.message : String(err);
  if (name === 'PasswordException') return new PdfReadError('encrypted', 'the PDF is encrypted with a password');
  if (name === 'InvalidPDFException')
    return new PdfReadError('corrupt', `the PDF is damaged and cannot be read (${message})`);
  return new PdfReadError('corrupt', `the PDF cannot be read: ${message}`);
}
