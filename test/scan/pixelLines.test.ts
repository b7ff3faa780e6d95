import { describe, expect, it } from 'vitest';
import { buildGrids } from '../../src/extractors/layout/grid.js';
import { mergeSegments } from '../../src/extractors/layout/lines.js';
import { splitRed, type GrayImage } from '../../src/extractors/scan/image.js';
import {
  eraseRuns,
  findTableLines,
  keepTableEdges,
  runsToPieces,
  trimOvershoots,
  type Run,
} from '../../src/extractors/scan/pixelLines.js';
import { blank, darkIn, fillRect } from '../helpers/draw.js';
import { DEFAULT_SETTINGS } from '../../src/extractors/settings.js';

/** 2.78 px per point (200 dpi). */
const S = 200 / 72;
const LINES = DEFAULT_SETTINGS.scan.lines;
/** Ink as the page measures it (the line contrast is a share of paper minus ink). */
const INK = { ink: 40 };
const px = (pt: number): number => Math.round(pt * S);

interface Ruling {
  /** Grey of the rules, their thickness in pixels. */
  grey: number;
  thickness: number;
}

/**
 * A ruled table, 4 rows × 4 columns, on white paper: column lines at XS, row lines at YS
 * (points). Each cell holds a few glyph-like strokes ("text") well inside its borders.
 */
const XS = [60, 200, 300, 400, 500];
const YS = [100, 130, 160, 190, 220];

function table(r: Ruling, options: { noBottom?: boolean } = {}): GrayImage {
  const img = blank(px(560), px(280));
  const t = r.thickness;
  for (const x of XS) fillRect(img, px(x), px(YS[0]!), px(x) + t, px(YS[YS.length - 1]!) + t, r.grey);
  YS.forEach((y, i) => {
    if (options.noBottom && i === YS.length - 1) return;
    fillRect(img, px(XS[0]!), px(y), px(XS[XS.length - 1]!) + t, px(y) + t, r.grey);
  });
  // Text: in each cell, a row of four 8 pt glyphs whose bottom strokes line up, 1 pt apart: the
  // strokes of a row of characters, which must not become a ruling line.
  for (let c = 0; c < XS.length - 1; c++) {
    for (let row = 0; row < YS.length - 1; row++) {
      for (let k = 0; k < 4; k++) {
        const x0 = px(XS[c]! + 6 + 9 * k);
        const y0 = px(YS[row]! + 10);
        fillRect(img, x0, y0 + px(7), x0 + px(8), y0 + px(7) + 2, 30);
        fillRect(img, x0 + px(3), y0, x0 + px(3) + 2, y0 + px(8), 30);
      }
    }
  }
  return img;
}

/** The tables found: rows, columns and cells (cells merge where a border between them is missed). */
function lattice(img: GrayImage): { rows: number; cols: number; cells: number }[] {
  const { edges } = findTableLines(img, S, INK, LINES, DEFAULT_SETTINGS.table);
  return buildGrids(1, mergeSegments(edges, DEFAULT_SETTINGS.table), [], DEFAULT_SETTINGS, true).map((g) => ({
    rows: g.rowCount,
    cols: g.colCount,
    cells: g.cells.length,
  }));
}

const FULL = { rows: 4, cols: 4, cells: 16 };

describe('findTableLines', () => {
  it('finds a table ruled in thick dark lines and in thin (1 px) grey ones alike', () => {
    expect(lattice(table({ grey: 20, thickness: 4 }))).toEqual([FULL]);
    expect(lattice(table({ grey: 180, thickness: 1 }))).toEqual([FULL]);
  });

  it('puts the lines where they are drawn, in points', () => {
    const { edges } = findTableLines(table({ grey: 160, thickness: 1 }), S, INK, LINES, DEFAULT_SETTINGS.table);
    const at = (o: 'h' | 'v'): number[] =>
      [...new Set(edges.filter((e) => e.orientation === o).map((e) => Math.round(e.at)))].sort((a, b) => a - b);
    expect(at('v')).toEqual(XS);
    expect(at('h')).toEqual(YS);
  });

  it('keeps a rule broken into dashes and dropouts whole', () => {
    const img = table({ grey: 60, thickness: 2 });
    // Knock 2 px holes every 12 px into every line (1-bit dropout, faint print).
    for (const x of XS)
      for (let y = px(YS[0]!); y < px(YS[4]!); y += 12) fillRect(img, px(x), y, px(x) + 2, y + 2, 255);
    for (const y of YS)
      for (let x = px(XS[0]!); x < px(XS[4]!); x += 12) fillRect(img, x, px(y), x + 2, px(y) + 2, 255);
    expect(lattice(img)).toEqual([FULL]);
  });

  it('closes a table continued on the next page, which has no bottom border', () => {
    const img = table({ grey: 40, thickness: 2 }, { noBottom: true });
    // The last row's second cell split in two: its divider meets one drawn line only.
    fillRect(img, px(250), px(YS[3]!), px(250) + 2, px(YS[4]!), 40);
    expect(lattice(img)).toEqual([{ rows: 4, cols: 5, cells: 17 }]);
  });

  it('takes the edge of a shaded header for no line, and keeps the rules around it', () => {
    const img = table({ grey: 40, thickness: 2 });
    // The header row shaded grey, between its rules.
    fillRect(img, px(XS[0]!) + 2, px(YS[0]!) + 2, px(XS[4]!), px(YS[1]!), 205);
    const { edges } = findTableLines(img, S, INK, LINES, DEFAULT_SETTINGS.table);
    expect(edges.filter((e) => e.orientation === 'h').map((e) => Math.round(e.at))).toEqual(YS);
  });

  it('keeps thin grey rules that run through shaded header cells set apart by white gaps', () => {
    // zhongwei-justice-2020's appeals header as printed from its web page: each header cell shaded,
    // a white gap round it, the thin grey rule in the middle of the gap.
    const img = table({ grey: 150, thickness: 1 });
    const gap = px(1.5);
    for (let c = 0; c < XS.length - 1; c++)
      fillRect(img, px(XS[c]!) + gap, px(YS[0]!) + gap, px(XS[c + 1]!) - gap, px(YS[2]!) - gap, 200);
    const cols = lattice(img).map((t) => t.cols);
    expect(cols).toEqual([4]);
  });

  it('keeps a rule that fades along its length, where the rest of it is plain', () => {
    const img = table({ grey: 150, thickness: 1 });
    // One column line much fainter (225 on 255) over two rows: alone it would not count.
    fillRect(img, px(XS[1]!), px(YS[1]!) + 1, px(XS[1]!) + 1, px(YS[3]!), 225);
    expect(lattice(img)).toEqual([FULL]);
  });

  it('finds a table whose cells hold rows of text that pass for lines, touching its rules', () => {
    // A light scan: a row of text read as four lines 2 pt apart in every cell, reaching the
    // cell borders, with glyph stems crossing them every 5 pt. Joined to the rules they make
    // lines too close to be cells, which alone would lose the whole table.
    const img = blank(px(560), px(280));
    for (const x of XS) fillRect(img, px(x), px(YS[0]!), px(x) + 1, px(YS[YS.length - 1]!) + 1, 150);
    for (const y of YS) fillRect(img, px(XS[0]!), px(y), px(XS[XS.length - 1]!) + 1, px(y) + 1, 150);
    for (let row = 0; row < YS.length - 1; row++) {
      for (let c = 0; c < XS.length - 1; c++) {
        const [x0, x1] = [px(XS[c]!) + 1, px(XS[c + 1]!)];
        for (const d of [9, 11, 13, 15]) fillRect(img, x0, px(YS[row]! + d), x1, px(YS[row]! + d) + 1, 150);
        for (let x = XS[c]! + 3; x < XS[c + 1]! - 3; x += 5)
          fillRect(img, px(x), px(YS[row]! + 5.5), px(x) + 3, px(YS[row]! + 18.5), 150);
      }
    }
    // Its rows and columns; where the text touches the top rule a border may go.
    expect(lattice(img).map(({ rows, cols }) => ({ rows, cols }))).toEqual([{ rows: 4, cols: 4 }]);
  });

  it('finds a table ruled faintly on a page where another table is ruled at full contrast', () => {
    // The lamp weaker on the lower part of the page: the second table's rules are 30 grey levels
    // below the paper, under the line contrast (43 here) but above half of it.
    const img = blank(px(560), px(560));
    const rule = (dy: number, grey: number): void => {
      for (const x of XS) fillRect(img, px(x), px(YS[0]! + dy), px(x) + 2, px(YS[YS.length - 1]! + dy) + 2, grey);
      for (const y of YS) fillRect(img, px(XS[0]!), px(y + dy), px(XS[XS.length - 1]!) + 2, px(y + dy) + 2, grey);
    };
    rule(0, 60);
    rule(260, 225);
    expect(lattice(img)).toEqual([FULL, FULL]);
  });

  it('finds a table ruled in red in the red ink alone, which dropping red (for seals) whitens', () => {
    // The table drawn in RGB: crimson rules on yellowed paper, black glyph strokes in the cells.
    const grey = table({ grey: 0, thickness: 2 });
    const rgb = new Uint8Array(grey.width * grey.height * 3);
    const rules = table({ grey: 0, thickness: 2 });
    // The rules alone: the table drawn without its text.
    rules.data.fill(255);
    for (const x of XS) fillRect(rules, px(x), px(YS[0]!), px(x) + 2, px(YS[YS.length - 1]!) + 2, 0);
    for (const y of YS) fillRect(rules, px(XS[0]!), px(y), px(XS[XS.length - 1]!) + 2, px(y) + 2, 0);
    for (let i = 0; i < grey.data.length; i++) {
      const colour = rules.data[i]! < 128 ? [200, 30, 60] : grey.data[i]! < 128 ? [20, 20, 20] : [240, 228, 190];
      rgb.set(colour, 3 * i);
    }
    const { grey: dropped, red: redOrNull } = splitRed(grey.width, grey.height, rgb, 2);
    expect(lattice(dropped)).toEqual([]);
    const red = redOrNull!;
    expect(lattice(red)).toEqual([FULL]);
    // The text stays out of the red ink.
    expect(darkIn(red, px(XS[0]! + 6), px(YS[0]! + 10), px(XS[0]! + 40), px(YS[0]! + 19))).toBe(0);
    expect(splitRed(2, 1, Uint8Array.from([20, 20, 20, 240, 228, 190]), 2).red).toBeNull();
  });

  it('finds no table in text, nor in boxy glyphs whose strokes meet', () => {
    const img = blank(px(400), px(200));
    // A line of big square glyphs (口 田) 20 pt high, 2 pt apart.
    for (let k = 0; k < 5; k++) {
      const x0 = px(40 + 22 * k);
      const y0 = px(40);
      for (const d of [0, 10, 19]) fillRect(img, x0, y0 + px(d), x0 + px(20), y0 + px(d) + 3, 20);
      for (const d of [0, 10, 19]) fillRect(img, x0 + px(d), y0, x0 + px(d) + 3, y0 + px(20), 20);
    }
    expect(findTableLines(img, S, INK, LINES, DEFAULT_SETTINGS.table).edges).toEqual([]);
  });
});

describe('keepTableEdges', () => {
  const h = (at: number, from: number, to: number) => ({ orientation: 'h' as const, at, from, to });
  const v = (at: number, from: number, to: number) => ({ orientation: 'v' as const, at, from, to });

  it('drops a row of text strokes inside a cell: it stops short of the cell borders', () => {
    const frame = [
      h(100, 60, 300),
      h(130, 60, 300),
      h(160, 60, 300),
      v(60, 100, 160),
      v(180, 100, 160),
      v(300, 100, 160),
    ];
    // Strokes of a label from 64 to 170: 4 pt and 10 pt short of the borders.
    const strokes = h(120, 64, 170);
    expect(keepTableEdges([...frame, strokes], LINES)).toEqual(frame);
  });
});

describe('trimOvershoots', () => {
  const h = (at: number, from: number, to: number) => ({ orientation: 'h' as const, at, from, to });
  const v = (at: number, from: number, to: number) => ({ orientation: 'v' as const, at, from, to });
  const rows = [h(100, 60, 300), h(130, 60, 300), h(160, 60, 300)];

  it('cuts back a rule that alone runs on past the border, through the heading above', () => {
    // The rule at 180 continued 20 pt up by a stroke of the heading's 申; the others stop at 100.
    const cut = trimOvershoots([...rows, v(60, 100, 160), v(180, 80, 160), v(300, 100, 160)], LINES);
    expect(cut.find((e) => e.orientation === 'v' && e.at === 180)).toEqual(v(180, 100, 160));
  });

  it('keeps the columns of a table continued on the next page, all ending in the air', () => {
    const open = [h(100, 60, 300), h(130, 60, 300), v(60, 100, 160), v(180, 100, 160), v(300, 100, 160)];
    expect(trimOvershoots(open, LINES)).toEqual(open);
  });
});

describe('eraseRuns', () => {
  it('whitens the table lines and leaves the text in the cells', () => {
    const img = table({ grey: 30, thickness: 3 });
    const textOnly = table({ grey: 255, thickness: 3 });
    const { runs } = findTableLines(img, S, INK, LINES, DEFAULT_SETTINGS.table);
    const out = eraseRuns(img, runs, Math.ceil((LINES.maxThickness * S) / 2));
    // What is left is the text, all of it.
    expect(darkIn(out, 0, 0, out.width, out.height)).toBe(darkIn(textOnly, 0, 0, textOnly.width, textOnly.height));
    // The input is left as it was.
    expect(darkIn(img, px(XS[0]!), px(YS[0]!), px(XS[0]!) + 3, px(YS[4]!))).toBeGreaterThan(px(120));
  });
});

describe('runsToPieces', () => {
  const h = (at: number, from: number, to: number): Run => ({ orientation: 'h', at, from, to });

  it('keeps a rule thin where a seal’s arc crosses it, and a shaded block thick', () => {
    // A rule three pixels thick, and where a seal's ring runs along it for 30 px, six rows more.
    const rule = [99, 100, 101].map((y) => h(y, 0, 500));
    const arc = [95, 96, 97, 98, 102, 103].map((y) => h(y, 200, 230));
    const [piece] = runsToPieces([...rule, ...arc]);
    expect(piece!.thickness).toBe(3);
    expect([piece!.from, piece!.to]).toEqual([0, 500]);
    const block = Array.from({ length: 20 }, (_, i) => h(300 + i, 0, 400));
    expect(runsToPieces(block)[0]!.thickness).toBe(20);
  });
});
