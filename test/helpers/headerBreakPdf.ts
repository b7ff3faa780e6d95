/**
 * A born-digital report whose old statistics table breaks across a page INSIDE its header, as
 * LibreOffice and Word lay out a header row allowed to break across pages: the first line of
 * each header cell at the foot of page 1, the second line at the head of page 2, then the
 * value rows. Drawn with pdfkit and the Noto Sans SC font of @embedpdf/fonts-sc.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import PDFDocument from 'pdfkit';

export interface HeaderBreakOptions {
  /**
   * Rule the split header row at the foot of page 1 and again at the head of page 2 (Word), or leave it open
   * (LibreOffice).
   */
  closeAtBreak: boolean;
  /** The header's cells, each as [line on page 1, line on page 2]. */
  header?: ReadonlyArray<readonly [string, string]>;
  /** Value rows: label, unit, then the values. */
  rows?: ReadonlyArray<readonly string[]>;
}

export const HEADER_BREAK_HEADER: ReadonlyArray<readonly [string, string]> = [
  ['指标', '名称'],
  ['计量', '单位'],
  ['2013', '年度'],
  ['历年', '累计'],
];

/** Fujian's 2013 form; the first value row sits at the head of page 2, under the header's second half. */
export const HEADER_BREAK_ROWS: ReadonlyArray<readonly string[]> = [
  ['主动公开文件数', '条', '0', '154572'],
  ['其中：1.政府网站公开数', '条', '2488', '149355'],
  ['受理政府信息公开申请总数', '条', '170', '1319'],
  ['其中：1.当面申请数', '条', '143', '922'],
  ['2.网上申请数', '条', '18', '307'],
  ['3.信函申请数', '条', '9', '90'],
  ['行政复议数', '件', '1', '1'],
];

function fontPath(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(dirname(require.resolve('@embedpdf/fonts-sc'))), 'fonts', 'NotoSansHans-Regular.otf');
}

export function headerBreakPdf(options: HeaderBreakOptions): Promise<Buffer> {
  const header = options.header ?? HEADER_BREAK_HEADER;
  const rows = options.rows ?? HEADER_BREAK_ROWS;
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', autoFirstPage: false, margin: 0, info: { CreationDate: new Date(0) } });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.registerFont('R', fontPath());
    const widths = [190, 70, 90, 90];
    const xs = [80];
    for (const w of widths) xs.push(xs[xs.length - 1]! + w);
    const text = (s: string, x: number, y: number, size = 10.5): void => {
      doc.font('R').fontSize(size).fillColor('black').text(s, x, y, { lineBreak: false });
    };
    const centred = (s: string, c: number, y: number): void => {
      doc.font('R').fontSize(10.5);
      text(s, xs[c]! + (widths[c]! - doc.widthOfString(s)) / 2, y);
    };
    const hline = (y: number): void =>
      void doc
        .moveTo(xs[0]!, y)
        .lineTo(xs[xs.length - 1]!, y)
        .lineWidth(0.5)
        .stroke();
    const vlines = (y0: number, y1: number): void => {
      for (const x of xs) doc.moveTo(x, y0).lineTo(x, y1).lineWidth(0.5).stroke();
    };
    const footer = (n: number): void => text(`- ${n} -`, 285, 800, 10);

    // Page 1: title, prose, the table's start at the foot of the page.
    doc.addPage({ size: 'A4', margin: 0 });
    text('某某县统计局2013年度政府信息公开工作年度报告', 130, 72, 16);
    for (let i = 0; i < 28; i++)
      text('本年度报告中所列数据的统计期限自2013年1月1日起至2013年12月31日止，特此说明情况。', 80, 120 + i * 22, 12);
    const top1 = 750;
    const bottom1 = 772;
    hline(top1);
    vlines(top1, bottom1);
    if (options.closeAtBreak) hline(bottom1);
    header.forEach(([first], c) => centred(first, c, top1 + 6));
    footer(1);

    // Page 2: the rest of the header, then the values.
    doc.addPage({ size: 'A4', margin: 0 });
    const top2 = 72;
    const headerEnd = top2 + 22;
    const rowH = 22;
    const end = headerEnd + rows.length * rowH;
    if (options.closeAtBreak) hline(top2);
    vlines(top2, end);
    header.forEach(([, second], c) => centred(second, c, top2 + 5));
    hline(headerEnd);
    rows.forEach((r, i) => {
      const y = headerEnd + i * rowH;
      r.forEach((cell, c) => (c === 0 ? text(cell, xs[0]! + 4, y + 6) : centred(cell, c, y + 6)));
      hline(y + rowH);
    });
    text('某某县统计局', 400, end + 40, 12);
    text('2014年1月20日', 400, end + 62, 12);
    footer(2);
    doc.end();
  });
}
