/**
 * The page renderer's child process (started by ./pageImages.ts): the extraction's renderer
 * (src/extractors/pdf/render.ts) draws the page, and the PNG is written to
 * the cache path the parent names (via a temp file and a rename, so a reader never sees half a
 * PNG). Rendering takes a second or more per page; in a child process it never blocks the
 * server's event loop.
 *
 * The image is `scale` pixels per point, scaled down where it would pass MAX_RENDER_PIXELS
 * (src/extractors/pdf/document.ts); embedded images over MAX_IMAGE_PIXELS are left out.
 *
 * Messages in:  { id, op: 'sizes', pdf }                 → { id, sizes: [[w, h], …] } (PDF points)
 *               { id, op: 'render', pdf, page, scale, out } → { id, width, height }
 * Errors:       → { id, error }
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import type { PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { cappedScale, MAX_IMAGE_PIXELS, openPdf } from '../../extractors/pdf/document.js';
import { renderPage } from '../../extractors/pdf/render.js';

process.on('disconnect', () => process.exit(0));

export type RenderJob =
  | { op: 'sizes'; pdf: string }
  | { op: 'render'; pdf: string; page: number; scale: number; out: string };
export type RenderRequest = RenderJob & { id: number };
export type RenderReply =
  | { id: number; sizes: [number, number][] }
  | { id: number; width: number; height: number }
  | { id: number; error: string };

/** The last document opened: the pages of one report are asked for one after another. */
let open: { pdf: string; doc: PDFDocumentProxy } | null = null;

async function documentOf(pdf: string): Promise<PDFDocumentProxy> {
  if (open?.pdf === pdf) return open.doc;
  if (open) await open.doc.destroy().catch(() => undefined);
  open = null;
  // Huge embedded pictures are left out rather than decoded (they would take gigabytes here).
  const doc = await openPdf(new Uint8Array(await readFile(pdf)), { maxImageSize: MAX_IMAGE_PIXELS });
  open = { pdf, doc };
  return doc;
}

async function handle(msg: RenderRequest): Promise<RenderReply> {
  const doc = await documentOf(msg.pdf);
  if (msg.op === 'sizes') {
    const sizes: [number, number][] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const vp = page.getViewport({ scale: 1 });
      sizes.push([Math.round(vp.width * 100) / 100, Math.round(vp.height * 100) / 100]);
      page.cleanup();
    }
    return { id: msg.id, sizes };
  }
  if (!Number.isInteger(msg.page) || msg.page < 1 || msg.page > doc.numPages) throw new Error(`no page ${msg.page}`);
  const page = await doc.getPage(msg.page);
  try {
    // Within the pixel cap: a page declared huge is rendered smaller, not as a 542 MB canvas.
    const unit = page.getViewport({ scale: 1 });
    const { png, width, height } = await renderPage(
      doc,
      page,
      cappedScale(unit.width, unit.height, msg.scale),
      (c) => ({ png: c.png(), width: c.width, height: c.height }),
    );
    const tmp = `${msg.out}.${process.pid}.tmp`;
    await writeFile(tmp, png);
    await rename(tmp, msg.out);
    return { id: msg.id, width, height };
  } finally {
    page.cleanup();
  }
}

// One request at a time, in order.
let chain: Promise<void> = Promise.resolve();
process.on('message', (msg: RenderRequest) => {
  chain = chain.then(async () => {
    let reply: RenderReply;
    try {
      reply = await handle(msg);
    } catch (err) {
      reply = { id: msg.id, error: err instanceof Error ? err.message : String(err) };
    }
    process.send?.(reply);
  });
});
