/**
 * The text-layer reader: one PageModel per page, from getTextContent and getOperatorList.
 */
import type { PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { TextItem } from 'pdfjs-dist/types/src/display/api.js';
import type { Matrix } from '../geometry.js';
import type { PageModel } from '../model.js';
import type { ExtractionSettings } from '../settings.js';
import { judgeTextQuality, textlessPictures } from './garble.js';
import { wordsFromTextItems } from './text.js';
import { findRulingSegments } from './vectors.js';

/**
 * The page's model from its text layer. The page keeps its operator list (and the images it
 * decoded) until the caller's `page.cleanup()`: a page that goes on to OCR reads its images from
 * them rather than parsing the page again.
 */
export async function readPageModel(
  doc: PDFDocumentProxy,
  pageNumber: number,
  settings: ExtractionSettings,
): Promise<PageModel> {
  const page = await doc.getPage(pageNumber);
  const viewport = page.getViewport({ scale: 1 });
  const vt = viewport.transform as Matrix;
  const [content, ops] = await Promise.all([page.getTextContent(), page.getOperatorList()]);
  const words = wordsFromTextItems(content.items as TextItem[], vt);
  const vectors = findRulingSegments(ops, vt, viewport.width * viewport.height, settings.vector);
  const quality = judgeTextQuality(words, vectors.imageCoverage, settings.garble);
  const pictures =
    quality === 'ok' ? textlessPictures(words, vectors.images, viewport.width, viewport.height, settings.garble) : [];
  return {
    page: pageNumber,
    width: viewport.width,
    height: viewport.height,
    words,
    segments: vectors.segments,
    imageCoverage: Math.min(1, vectors.imageCoverage),
    textQuality: pictures.length > 0 ? 'pictures' : quality,
    ...(pictures.length > 0 ? { pictures } : {}),
    source: 'text',
  };
}
