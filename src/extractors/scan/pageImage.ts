/**
 * The page as a grey image for OCR: the embedded image itself when the page is one full-page
 * image (a scan: no resampling, no rendering cost), otherwise the page rendered by pdfjs onto
 * a canvas at the OCR resolution.
 */
import { OPS, type PDFDocumentProxy, type PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { multiply, type Matrix } from '../pdf/vectors.js';
import { toGray, type GrayImage } from './image.js';

export interface PageImage {
  image: GrayImage;
  /** Image pixels per PDF point, horizontally and vertically. */
  pxPerPoint: number;
  /** How it was made. */
  origin: 'embedded' | 'rendered';
}

interface PdfImage {
  width: number;
  height: number;
  kind: number;
  data?: Uint8Array | Uint8ClampedArray;
}

/** The one image covering (nearly) the whole page, unrotated, if that is what the page is. */
async function fullPageImage(page: PDFPageProxy, pageWidth: number, pageHeight: number): Promise<PdfImage | null> {
  const ops = await page.getOperatorList();
  let ctm: Matrix = page.getViewport({ scale: 1 }).transform as Matrix;
  const stack: Matrix[] = [];
  let found: { id: string; m: Matrix } | null = null;
  let images = 0;
  for (let i = 0; i < ops.fnArray.length; i++) {
    const fn = ops.fnArray[i];
    const args = ops.argsArray[i] as unknown[];
    if (fn === OPS.save) stack.push(ctm);
    else if (fn === OPS.restore) ctm = stack.pop() ?? ctm;
    else if (fn === OPS.transform) ctm = multiply(args as Matrix, ctm);
    else if (fn === OPS.paintImageXObject) {
      images++;
      found = { id: args[0] as string, m: ctm };
    }
  }
  if (images !== 1 || !found) return null;
  const { m } = found;
  // Unrotated and covering at least 90% of the page in each direction.
  if (Math.abs(m[1]) > 1e-6 || Math.abs(m[2]) > 1e-6) return null;
  if (Math.abs(m[0]) < 0.9 * pageWidth || Math.abs(m[3]) < 0.9 * pageHeight) return null;
  const img = await new Promise<PdfImage>((resolve) => page.objs.get(found!.id, resolve as (v: unknown) => void));
  if (!img?.data || ![1, 2, 3].includes(img.kind)) return null;
  return img;
}

export async function pageImage(doc: PDFDocumentProxy, pageNumber: number, dpi: number): Promise<PageImage> {
  const page = await doc.getPage(pageNumber);
  try {
    const viewport = page.getViewport({ scale: 1 });
    const embedded = await fullPageImage(page, viewport.width, viewport.height);
    if (embedded && embedded.data) {
      const image = toGray(embedded.width, embedded.height, embedded.data, embedded.kind);
      return { image, pxPerPoint: embedded.width / viewport.width, origin: 'embedded' };
    }
    const scale = dpi / 72;
    const vp = page.getViewport({ scale });
    const factory = doc.canvasFactory as { create(w: number, h: number): { canvas: { getContext(t: '2d'): unknown }; context: CanvasRenderingContext2DLike } };
    const { canvas, context } = factory.create(Math.ceil(vp.width), Math.ceil(vp.height));
    context.fillStyle = '#ffffff';
    context.fillRect(0, 0, Math.ceil(vp.width), Math.ceil(vp.height));
    await page.render({ canvas: canvas as never, canvasContext: context as never, viewport: vp }).promise;
    const data = context.getImageData(0, 0, Math.ceil(vp.width), Math.ceil(vp.height));
    return { image: toGray(data.width, data.height, data.data, 3), pxPerPoint: scale, origin: 'rendered' };
  } finally {
    page.cleanup();
  }
}

interface CanvasRenderingContext2DLike {
  fillStyle: string;
  fillRect(x: number, y: number, w: number, h: number): void;
  getImageData(x: number, y: number, w: number, h: number): { width: number; height: number; data: Uint8ClampedArray };
}
