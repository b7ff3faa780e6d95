/** Test PDFs: the corpus report when ../shared has it, and small distinct ones made on the spot. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import PDFDocument from 'pdfkit';
import { makePdf } from '../../helpers/makePdf.js';
import { CORPUS_PDF } from '../../helpers/shared.js';

export const HONGZE_PATH = join(CORPUS_PDF, 'hongze-district-2023.pdf');
export const HAVE_HONGZE = existsSync(HONGZE_PATH);
export const SKIP_HONGZE = `${HONGZE_PATH} not found: the tests that use the real report are skipped`;
if (!HAVE_HONGZE) console.warn(SKIP_HONGZE);

export function hongze(): Buffer {
  return readFileSync(HONGZE_PATH);
}

/** A one-page PDF whose bytes differ for every `n`. */
export function distinctPdf(n: number, pages = 1): Promise<Buffer> {
  return makePdf({
    pages,
    text: (p) => `nianbao service test report ${n}, page ${p}: ${'同一个文件只算一份报告。'.length} ${n * 7919}`,
  });
}

/** A PDF whose pages take a while to read (a dense ruled grid and many words per page). */
export function slowPdf(pages: number, seed = 0): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ autoFirstPage: false, info: { CreationDate: new Date(0) } });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    for (let p = 1; p <= pages; p++) {
      doc.addPage({ size: 'A4', margin: 20 });
      doc.lineWidth(0.5);
      for (let i = 0; i <= 60; i++) {
        doc
          .moveTo(30, 40 + i * 12)
          .lineTo(560, 40 + i * 12)
          .stroke();
        doc
          .moveTo(30 + i * 8.8, 40)
          .lineTo(30 + i * 8.8, 760)
          .stroke();
      }
      doc.fontSize(4);
      for (let row = 0; row < 60; row++) {
        doc.text(Array.from({ length: 30 }, (_, k) => `${seed}:${p}:${row}:${k}`).join(' '), 32, 42 + row * 12, {
          lineBreak: false,
        });
      }
    }
    doc.end();
  });
}
