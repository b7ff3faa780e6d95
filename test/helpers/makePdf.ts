/** Small PDFs made on the spot for the bad-input tests (pdfkit, a devDependency). */
import PDFDocument from 'pdfkit';

export function makePdf(
  options: { pages?: number; userPassword?: string; text?: (page: number) => string } = {},
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      autoFirstPage: false,
      userPassword: options.userPassword,
      ownerPassword: options.userPassword ? 'owner' : undefined,
      info: { CreationDate: new Date(0) },
    });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    for (let p = 1; p <= (options.pages ?? 1); p++) {
      doc.addPage({ size: 'A4' });
      doc.fontSize(12).text(options.text?.(p) ?? `Page ${p}`, 72, 72);
    }
    doc.end();
  });
}
