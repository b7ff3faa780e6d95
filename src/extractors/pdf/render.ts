/**
 * A page drawn by pdfjs on a canvas of the document's own canvasFactory (@napi-rs/canvas: the
 * one copy pdfjs depends on), on white, page /Rotate applied: the page as printed. The caller
 * takes what it needs from the canvas (pixels for OCR, a PNG for the review UI) before it is freed.
 */
import type { PDFDocumentProxy, PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { MAX_RENDER_SIDE } from './document.js';

export interface RenderedCanvas {
  width: number;
  height: number;
  /** RGBA pixels, row-major. */
  pixels(): Uint8ClampedArray;
  png(): Buffer;
}

interface CanvasLike {
  toBuffer(mime: 'image/png'): Buffer;
}

interface ContextLike {
  fillStyle: string;
  fillRect(x: number, y: number, w: number, h: number): void;
  getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray };
}

interface CanvasFactoryLike {
  create(w: number, h: number): { canvas: CanvasLike; context: ContextLike };
  destroy(pair: unknown): void;
}

/**
 * Renders the page at `scale` pixels per point and hands the canvas to `use` (the OCR reader, the
 * review UI's page images, `nianbao explain`). The caller caps `scale` (cappedScale).
 */
export async function renderPage<T>(
  doc: PDFDocumentProxy,
  page: PDFPageProxy,
  scale: number,
  use: (canvas: RenderedCanvas) => T,
): Promise<T> {
  const vp = page.getViewport({ scale });
  // A scale capped to the longest side may still round up past it.
  const width = Math.min(Math.ceil(vp.width), MAX_RENDER_SIDE);
  const height = Math.min(Math.ceil(vp.height), MAX_RENDER_SIDE);
  const factory = doc.canvasFactory as CanvasFactoryLike;
  const pair = factory.create(width, height);
  try {
    pair.context.fillStyle = '#ffffff';
    pair.context.fillRect(0, 0, width, height);
    await page.render({ canvas: pair.canvas as never, canvasContext: pair.context as never, viewport: vp }).promise;
    return use({
      width,
      height,
      pixels: () => pair.context.getImageData(0, 0, width, height).data,
      png: () => pair.canvas.toBuffer('image/png'),
    });
  } finally {
    factory.destroy(pair);
  }
}
