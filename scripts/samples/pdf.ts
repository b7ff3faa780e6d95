/**
 * A small page-layout engine on top of pdfkit that imitates a WPS/Word export of a report:
 * A4 pages, prose wrapped character by character (CJK) with light justification, page
 * numbers in the footer, and tables with real ruling lines, merged cells, vertical labels,
 * grey header shading and page breaks inside tables.
 *
 * Everything is positioned explicitly (no pdfkit auto-wrapping or auto-paging) so the output
 * is deterministic and the caller knows on which page each table landed.
 */
import PDFDocument from 'pdfkit';

export const A4 = { width: 595.28, height: 841.89 } as const;

export interface Fonts {
  regular: string;
  bold: string;
}

/** How a producer draws the table rules. */
export type BorderStyle =
  /**
   * Each edge a stroked `m l S` path; `all4`: every cell strokes its four edges (duplicates), `topLeft`: shared
   * edges once.
   */
  | { kind: 'segments'; width: number; edges: 'all4' | 'topLeft' }
  /** Each edge a thin filled rectangle (`re f`), shared edges once. */
  | { kind: 'rects'; width: number }
  /** Each cell outlined by a stroked rectangle (`re S`). */
  | { kind: 'cellRects'; width: number }
  /** No rules at all: a table laid out by its text alone (a web page pasted into Word). */
  | { kind: 'none' };

export interface PageStyle {
  margins: { top: number; bottom: number; left: number; right: number };
  bodySize: number;
  /** Distance between baselines of body text, points. */
  bodyLeading: number;
  titleSize: number;
  headingSize: number;
  footerSize: number;
  /** Extra space after each paragraph, points. */
  paraGap: number;
}

export interface TableCell {
  r: number;
  c: number;
  rs?: number;
  cs?: number;
  text: string;
  align?: 'left' | 'center' | 'right';
  /** One character per line, top to bottom. */
  vertical?: boolean;
  shade?: boolean;
  bold?: boolean;
  size?: number;
}

export interface TableSpec {
  id: string;
  colWidths: number[];
  nRows: number;
  cells: TableCell[];
  /** Rows at the top that form the header (repeated after a page break when repeatHeader). */
  headerRows: number;
  repeatHeader: boolean;
  /** Move the whole table to a new page when it does not fit in what is left of this one. */
  keepTogether: boolean;
  fontSize: number;
  minRowHeight: number;
  padX: number;
  padY: number;
  /** Line height inside cells, as a multiple of the font size. */
  lineFactor: number;
  border: BorderStyle;
  shadeColor?: string;
}

export interface TableStats {
  id: string;
  /** Page numbers (1-based) the table was drawn on. */
  pages: number[];
  /** For each page after the first: did it start with a repeated header? */
  repeatedHeader: boolean[];
  /** Rows (indices) drawn on each page, header repeats excluded. */
  rowsPerPage: number[][];
}

const NO_LINE_START = new Set(Array.from('，。、；：？！）》」』】〕”’,.;:?!)%·…—'));
const NO_LINE_END = new Set(Array.from('（《「『【〔“‘('));
const TOKEN = /[A-Za-z0-9@._\-:/%+~#=&?<>]+|\s+|./gsu;

interface Part {
  frag: number;
  top: number;
  height: number;
  /** Does this part end where its stack of rows ends (page break or table end)? */
  endsRange: boolean;
}

export class Renderer {
  readonly doc: PDFKit.PDFDocument;
  private y = 0;
  private pageNo = 0;
  private readonly chunks: Buffer[] = [];
  private readonly done: Promise<Buffer>;
  readonly tables: TableStats[] = [];

  constructor(
    fonts: Fonts,
    readonly style: PageStyle,
    info: PDFKit.DocumentInfo,
  ) {
    this.doc = new PDFDocument({ size: 'A4', autoFirstPage: false, margin: 0, info, compress: true });
    this.doc.registerFont('R', fonts.regular);
    this.doc.registerFont('B', fonts.bold);
    this.doc.on('data', (c: Buffer) => this.chunks.push(c));
    this.done = new Promise((resolve, reject) => {
      this.doc.on('end', () => resolve(Buffer.concat(this.chunks)));
      this.doc.on('error', reject);
    });
    this.newPage();
  }

  get page(): number {
    return this.pageNo;
  }

  private get left(): number {
    return this.style.margins.left;
  }
  private get contentWidth(): number {
    return A4.width - this.style.margins.left - this.style.margins.right;
  }
  private get bottom(): number {
    return A4.height - this.style.margins.bottom;
  }
  private get top(): number {
    return this.style.margins.top;
  }

  newPage(): void {
    this.doc.addPage({ size: 'A4', margin: 0 });
    this.pageNo += 1;
    this.y = this.top;
    const label = `- ${this.pageNo} -`;
    const size = this.style.footerSize;
    this.setFont('R', size);
    const w = this.doc.widthOfString(label);
    this.put(label, (A4.width - w) / 2, A4.height - this.style.margins.bottom + 24);
  }

  private setFont(f: 'R' | 'B', size: number): void {
    this.doc.font(f).fontSize(size);
  }

  /** Draws one line of text with its em box top at y. */
  private put(text: string, x: number, y: number, characterSpacing = 0): void {
    this.doc.fillColor('black').text(text, x, y, { lineBreak: false, characterSpacing });
  }

  width(text: string, f: 'R' | 'B', size: number): number {
    this.setFont(f, size);
    return this.doc.widthOfString(text);
  }

  /** Greedy CJK line breaking: any character boundary, ASCII runs kept whole, simple kinsoku. */
  wrap(text: string, f: 'R' | 'B', size: number, maxWidth: number, firstIndent = 0): string[] {
    this.setFont(f, size);
    const tokens = text.match(TOKEN) ?? [];
    const lines: string[] = [];
    let line: string[] = [];
    let w = 0;
    let limit = maxWidth - firstIndent;
    const flush = (): void => {
      lines.push(line.join('').replace(/\s+$/u, ''));
      line = [];
      w = 0;
      limit = maxWidth;
    };
    for (const raw of tokens) {
      let tok = raw;
      if (/^\s+$/u.test(tok)) {
        if (line.length === 0) continue;
        tok = ' ';
      }
      const tw = this.doc.widthOfString(tok);
      if (w + tw <= limit + 0.01) {
        line.push(tok);
        w += tw;
        continue;
      }
      // Punctuation that may not start a line hangs at the end of this one.
      if (NO_LINE_START.has(tok) && line.length > 0) {
        line.push(tok);
        w += tw;
        continue;
      }
      if (tw > limit && tok.length > 1) {
        // An over-long ASCII run: break it by character.
        for (const ch of Array.from(tok)) {
          const cw = this.doc.widthOfString(ch);
          if (w + cw > limit + 0.01 && line.length > 0) flush();
          line.push(ch);
          w += cw;
        }
        continue;
      }
      const carry: string[] = [];
      while (line.length > 1 && NO_LINE_END.has(line[line.length - 1]!)) carry.unshift(line.pop()!);
      if (line.length > 0) flush();
      if (tok === ' ') continue;
      line = [...carry, tok];
      w = this.doc.widthOfString(line.join(''));
    }
    if (line.length > 0) flush();
    return lines.length > 0 ? lines : [''];
  }

  /** Makes sure `h` points are left on this page, else starts a new one. */
  ensure(h: number): void {
    if (this.y + h > this.bottom && this.y > this.top + 0.5) this.newPage();
  }

  space(h: number): void {
    this.y += h;
  }

  pageBreak(): void {
    if (this.y > this.top + 0.5) this.newPage();
  }

  /** Centered title lines. */
  title(lines: string[], size = this.style.titleSize): void {
    const lead = size * 1.6;
    for (const l of lines) {
      for (const part of this.wrap(l, 'B', size, this.contentWidth)) {
        this.ensure(lead);
        const w = this.width(part, 'B', size);
        this.put(part, this.left + (this.contentWidth - w) / 2, this.y + (lead - size) / 2);
        this.y += lead;
      }
    }
    this.y += size * 0.6;
  }

  /** A paragraph of body text: first-line indent of two characters, justified lines. */
  paragraph(
    text: string,
    opts: {
      indent?: boolean;
      bold?: boolean;
      size?: number;
      align?: 'left' | 'center' | 'right';
      keepWithNext?: number;
    } = {},
  ): void {
    const size = opts.size ?? this.style.bodySize;
    const f = opts.bold ? 'B' : 'R';
    const lead = (this.style.bodyLeading * size) / this.style.bodySize;
    const indent = opts.indent === false ? 0 : size * 2;
    const lines = this.wrap(text, f, size, this.contentWidth, indent);
    if (opts.keepWithNext) this.ensure(lead * lines.length + opts.keepWithNext);
    lines.forEach((line, i) => {
      this.ensure(lead);
      const x0 = this.left + (i === 0 ? indent : 0);
      const avail = this.contentWidth - (i === 0 ? indent : 0);
      const w = this.width(line, f, size);
      let x = x0;
      let cs = 0;
      const align = opts.align ?? 'left';
      if (align === 'center') x = this.left + (this.contentWidth - w) / 2;
      else if (align === 'right') x = this.left + this.contentWidth - w;
      else if (i < lines.length - 1) {
        const n = Array.from(line).length;
        const slack = avail - w;
        if (n > 1 && slack > 0 && slack < size * 1.5) cs = slack / (n - 1);
      }
      this.put(line, x, this.y + (lead - size) / 2, cs);
      this.y += lead;
    });
    this.y += this.style.paraGap;
  }

  heading(text: string, level: 1 | 2): void {
    const size = level === 1 ? this.style.headingSize : this.style.bodySize;
    this.paragraph(text, { bold: level === 1, size, indent: true, keepWithNext: this.style.bodyLeading * 3 });
  }

  /** Right-aligned signature block: agency, date. */
  signature(agency: string, date: string, note?: string): void {
    const size = this.style.bodySize;
    const lead = this.style.bodyLeading;
    this.ensure(lead * 4);
    this.y += lead;
    const wa = this.width(agency, 'R', size);
    const wd = this.width(date, 'R', size);
    const right = this.left + this.contentWidth - size * 2;
    const center = right - Math.max(wa, wd) / 2;
    this.put(agency, center - wa / 2, this.y + (lead - size) / 2);
    this.y += lead;
    this.put(date, center - wd / 2, this.y + (lead - size) / 2);
    this.y += lead;
    if (note) {
      this.y += lead * 0.5;
      this.paragraph(note, { indent: true });
    }
  }

  // ── tables ───────────────────────────────────────────────────────────────────────

  table(spec: TableSpec, align: 'center' | 'left' = 'center'): TableStats {
    const nCols = spec.colWidths.length;
    const tableW = spec.colWidths.reduce((a, b) => a + b, 0);
    const x0 = align === 'center' ? this.left + (this.contentWidth - tableW) / 2 : this.left;
    const colX: number[] = [x0];
    for (const w of spec.colWidths) colX.push(colX[colX.length - 1]! + w);
    checkTiling(spec);

    const { lines, rowH, need } = this.measure(spec, colX);
    const sum = (a: number, b: number): number => {
      let s = 0;
      for (let r = a; r < b; r++) s += rowH[r]!;
      return s;
    };

    // Pagination plan: fragments of stacked row ranges.
    interface Frag {
      pageBreakBefore: boolean;
      top: number;
      ranges: Array<[number, number]>;
    }
    const frags: Frag[] = [];
    const avail = this.bottom - this.top;
    let y = this.y;
    let breakFirst = false;
    const headH = sum(0, spec.headerRows);
    const firstNeed =
      spec.keepTogether && sum(0, spec.nRows) <= avail ? sum(0, spec.nRows) : headH + rowH[spec.headerRows]!;
    if (y + firstNeed > this.bottom && y > this.top + 0.5) {
      breakFirst = true;
      y = this.top;
    }
    let cur: Frag = { pageBreakBefore: breakFirst, top: y, ranges: [] };
    let start = 0;
    for (let r = 0; r < spec.nRows; r++) {
      if (y + rowH[r]! > this.bottom && r > start) {
        cur.ranges.push([start, r]);
        frags.push(cur);
        y = this.top;
        cur = { pageBreakBefore: true, top: y, ranges: [] };
        if (spec.repeatHeader && r >= spec.headerRows) {
          cur.ranges.push([0, spec.headerRows]);
          y += headH;
        }
        start = r;
      }
      y += rowH[r]!;
    }
    cur.ranges.push([start, spec.nRows]);
    frags.push(cur);

    // Where each cell's pieces fall.
    const parts = new Map<TableCell, Part[]>();
    frags.forEach((fr, fi) => {
      let top = fr.top;
      for (const [a, b] of fr.ranges) {
        for (const cell of spec.cells) {
          const lo = Math.max(cell.r, a);
          const hi = Math.min(cell.r + (cell.rs ?? 1), b);
          if (lo >= hi) continue;
          const list = parts.get(cell) ?? [];
          list.push({ frag: fi, top: top + sum(a, lo), height: sum(lo, hi), endsRange: hi === b });
          parts.set(cell, list);
        }
        top += sum(a, b);
      }
    });
    // The text of a split cell goes into the first piece tall enough for it, else the tallest.
    const textPart = new Map<TableCell, Part>();
    for (const cell of spec.cells) {
      const ps = parts.get(cell)!;
      // A header cell repeated on a later page shows its text in every copy: handled below.
      const fit = ps.find((p) => p.height + 0.01 >= need(cell));
      textPart.set(cell, fit ?? ps.reduce((a, b) => (b.height > a.height ? b : a)));
    }

    const stats: TableStats = { id: spec.id, pages: [], repeatedHeader: [], rowsPerPage: [] };
    frags.forEach((fr, fi) => {
      if (fr.pageBreakBefore) this.newPage();
      stats.pages.push(this.pageNo);
      const repeated = fi > 0 && spec.repeatHeader && fr.ranges.length > 1;
      if (fi > 0) stats.repeatedHeader.push(repeated);
      const rows: number[] = [];
      for (const [a, b] of fr.ranges.slice(repeated ? 1 : 0)) for (let r = a; r < b; r++) rows.push(r);
      stats.rowsPerPage.push(rows);
      const inFrag = spec.cells.flatMap((cell) =>
        parts
          .get(cell)!
          .filter((p) => p.frag === fi)
          .map((p) => ({ cell, p })),
      );
      // Shading first, then text, then the rules on top (as WPS does).
      for (const { cell, p } of inFrag) {
        if (!cell.shade) continue;
        const x = colX[cell.c]!;
        const w = colX[cell.c + (cell.cs ?? 1)]! - x;
        this.doc.rect(x, p.top, w, p.height).fill(spec.shadeColor ?? '#D9D9D9');
      }
      for (const { cell, p } of inFrag) {
        const isHeaderCopy = fi > 0 && cell.r < spec.headerRows;
        if (textPart.get(cell) !== p && !isHeaderCopy) continue;
        this.cellText(spec, cell, lines.get(cell)!, colX, p);
      }
      this.doc.fillColor('black').strokeColor('black');
      for (const { cell, p } of inFrag) {
        const x = colX[cell.c]!;
        const x2 = colX[cell.c + (cell.cs ?? 1)]!;
        this.cellBorders(spec.border, x, p.top, x2 - x, p.height, p.endsRange, cell.c + (cell.cs ?? 1) === nCols);
      }
      this.y = fr.top + fr.ranges.reduce((s, [a, b]) => s + sum(a, b), 0);
    });
    this.y += this.style.paraGap + 4;
    this.tables.push(stats);
    return stats;
  }

  /** Wrapped cell contents and row heights (multi-row cells stretch the rows they span). */
  private measure(
    spec: TableSpec,
    colX: number[],
  ): { lines: Map<TableCell, string[]>; rowH: number[]; need: (c: TableCell) => number } {
    const lines = new Map<TableCell, string[]>();
    const rowH = new Array<number>(spec.nRows).fill(spec.minRowHeight);
    const need = (cell: TableCell): number => {
      const size = cell.size ?? spec.fontSize;
      return lines.get(cell)!.length * size * spec.lineFactor + 2 * spec.padY;
    };
    for (const cell of spec.cells) {
      const size = cell.size ?? spec.fontSize;
      const innerW = colX[cell.c + (cell.cs ?? 1)]! - colX[cell.c]! - 2 * spec.padX;
      const ls =
        cell.text === ''
          ? []
          : cell.vertical
            ? Array.from(cell.text)
            : this.wrap(cell.text, cell.bold ? 'B' : 'R', size, innerW);
      lines.set(cell, ls);
      if ((cell.rs ?? 1) === 1) rowH[cell.r] = Math.max(rowH[cell.r]!, need(cell));
    }
    for (const cell of [...spec.cells].filter((c) => (c.rs ?? 1) > 1).sort((a, b) => (a.rs ?? 1) - (b.rs ?? 1))) {
      const rs = cell.rs ?? 1;
      let have = 0;
      for (let r = cell.r; r < cell.r + rs; r++) have += rowH[r]!;
      const deficit = need(cell) - have;
      if (deficit > 0) for (let r = cell.r; r < cell.r + rs; r++) rowH[r]! += deficit / rs;
    }
    return { lines, rowH, need };
  }

  /** Height of the whole table and of its header plus first body row. */
  tableHeights(spec: TableSpec): { total: number; firstChunk: number } {
    const colX: number[] = [0];
    for (const w of spec.colWidths) colX.push(colX[colX.length - 1]! + w);
    const { rowH } = this.measure(spec, colX);
    const total = rowH.reduce((a, b) => a + b, 0);
    const firstChunk = rowH.slice(0, spec.headerRows + 1).reduce((a, b) => a + b, 0);
    return { total, firstChunk: spec.keepTogether && total <= this.bottom - this.top ? total : firstChunk };
  }

  private cellText(spec: TableSpec, cell: TableCell, ls: string[], colX: number[], p: Part): void {
    if (ls.length === 0) return;
    const size = cell.size ?? spec.fontSize;
    const f = cell.bold ? 'B' : 'R';
    const lh = size * spec.lineFactor;
    const x = colX[cell.c]!;
    const w = colX[cell.c + (cell.cs ?? 1)]! - x;
    let ty = p.top + (p.height - ls.length * lh) / 2;
    for (const l of ls) {
      const lw = this.width(l, f, size);
      const align = cell.vertical ? 'center' : (cell.align ?? 'center');
      const tx = align === 'left' ? x + spec.padX : align === 'right' ? x + w - spec.padX - lw : x + (w - lw) / 2;
      this.put(l, tx, ty + (lh - size) / 2);
      ty += lh;
    }
  }

  private cellBorders(
    style: BorderStyle,
    x: number,
    y: number,
    w: number,
    h: number,
    closeBottom: boolean,
    closeRight: boolean,
  ): void {
    const doc = this.doc;
    if (style.kind === 'none') return;
    if (style.kind === 'cellRects') {
      doc.lineWidth(style.width).rect(x, y, w, h).stroke();
      return;
    }
    const all = style.kind === 'segments' && style.edges === 'all4';
    const edges: Array<[number, number, number, number]> = [
      [x, y, x + w, y],
      [x, y, x, y + h],
    ];
    if (all || closeBottom) edges.push([x, y + h, x + w, y + h]);
    if (all || closeRight) edges.push([x + w, y, x + w, y + h]);
    if (style.kind === 'segments') {
      doc.lineWidth(style.width);
      for (const [ax, ay, bx, by] of edges) doc.moveTo(ax, ay).lineTo(bx, by).stroke();
      return;
    }
    const t = style.width;
    for (const [ax, ay, bx, by] of edges) {
      if (ay === by) doc.rect(ax - t / 2, ay - t / 2, bx - ax + t, t).fill('black');
      else doc.rect(ax - t / 2, ay - t / 2, t, by - ay + t).fill('black');
    }
  }

  async end(): Promise<Buffer> {
    this.doc.end();
    return this.done;
  }
}

/** Every grid position must be covered by exactly one cell, so every edge gets drawn. */
function checkTiling(spec: TableSpec): void {
  const nCols = spec.colWidths.length;
  const grid: (TableCell | null)[][] = Array.from({ length: spec.nRows }, () =>
    new Array<TableCell | null>(nCols).fill(null),
  );
  for (const cell of spec.cells) {
    for (let r = cell.r; r < cell.r + (cell.rs ?? 1); r++) {
      for (let c = cell.c; c < cell.c + (cell.cs ?? 1); c++) {
        const row = grid[r];
        if (!row || c >= nCols) throw new Error(`${spec.id}: cell "${cell.text}" at ${cell.r},${cell.c} out of bounds`);
        if (row[c]) throw new Error(`${spec.id}: cells "${row[c]!.text}" and "${cell.text}" overlap at ${r},${c}`);
        row[c] = cell;
      }
    }
  }
  grid.forEach((row, r) =>
    row.forEach((v, c) => {
      if (!v) throw new Error(`${spec.id}: hole at row ${r} col ${c}`);
    }),
  );
}
