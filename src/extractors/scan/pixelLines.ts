/**
 * Ruling lines from pixels, for scans as offices make them: thin (1 px) and grey, faint, broken,
 * on flattened paper (background.ts). Long runs of line pixels become the same Segment model the
 * text layer's operator list gives, so one grid builder serves both paths; lines are kept only
 * where they form a table (they meet lines across them), and those are erased before OCR.
 *
 * pixel runs (two rows or columns summed, so a 1 px line straddling two after deskew still
 * counts; gaps bridged in points) → pieces (runs touching across) that are thin (not a shaded
 * block) → collinear pieces joined across gaps → lines that meet enough lines across (a text
 * row's strokes can make a long run, but it stops short of the cell's borders).
 */
import { DisjointSets } from '../disjointSets.js';
import { edgesIntersect, type Edge } from '../layout/lines.js';
import type { Box } from '../model.js';
import type { PixelLineSettings, TableSettings } from '../settings.js';
import type { GrayImage } from './image.js';

export interface Run {
  orientation: 'h' | 'v';
  /** Centre of the run across it, in pixels (y for h, x for v); it covers the two pixel rows or columns either side. */
  at: number;
  /** Extent along it, pixels [from, to). */
  from: number;
  to: number;
}

/** Paper 255 on a flattened page; `ink` is the page's typical ink level. */
export interface LineContrast {
  ink: number;
}

/**
 * Long runs of line pixels along rows and columns of a flattened page, at the line contrast
 * `delta` and at a weaker one (one pass for both). A position is on a line
 * when the darker of two neighbouring pixel rows (a thin line split over two by resampling still
 * counts) is darker by the line contrast than the paper just beyond the thickest line, on both
 * sides: so the edge of a shaded block is not a line, but a rule along it is.
 * Gaps up to `maxGap` are bridged; runs shorter than a piece of a line are dropped.
 */
export function findLineRuns(
  img: GrayImage,
  pxPerPoint: number,
  delta: number,
  weakDelta: number,
  settings: PixelLineSettings,
): { strong: Run[]; weak: Run[] } {
  const maxGap = Math.max(1, Math.round(settings.maxGap * pxPerPoint));
  // Beyond the thickest line: the paper (or shade) either side of it.
  const beyond = Math.max(2, Math.ceil(settings.maxThickness * pxPerPoint)) + 1;
  const strong: Run[] = [];
  const weak: Run[] = [];
  // Rows of the image, and rows of its transpose (its columns, read along memory).
  const scan = (orientation: 'h' | 'v', image: GrayImage, minPiece: number): void => {
    const { width: length, height: lines, data } = image;
    const min = Math.max(4, Math.round(minPiece * pxPerPoint));
    for (let line = 0; line + 1 < lines; line++) {
      const row = line * length;
      const next = row + length;
      const before = line - beyond >= 0 ? row - beyond * length : -1;
      const after = line + 1 + beyond < lines ? next + beyond * length : -1;
      let start = -1;
      let last = -1;
      let weakStart = -1;
      let weakLast = -1;
      for (let pos = 0; pos <= length; pos++) {
        let contrast = -1;
        if (pos < length) {
          const a = data[row + pos]!;
          const b = data[next + pos]!;
          const v = Math.min(a, b);
          const above = before === -1 ? 255 : data[before + pos]!;
          const below = after === -1 ? 255 : data[after + pos]!;
          contrast = Math.min(above, below) - v;
        }
        if (contrast >= delta) {
          if (start < 0) start = pos;
          last = pos;
        } else if (start >= 0 && (pos === length || pos - last > maxGap)) {
          if (last - start + 1 >= min) strong.push({ orientation, at: line + 1, from: start, to: last + 1 });
          start = -1;
        }
        if (contrast >= weakDelta) {
          if (weakStart < 0) weakStart = pos;
          weakLast = pos;
        } else if (weakStart >= 0 && (pos === length || pos - weakLast > maxGap)) {
          if (weakLast - weakStart + 1 >= min)
            weak.push({ orientation, at: line + 1, from: weakStart, to: weakLast + 1 });
          weakStart = -1;
        }
      }
    }
  };
  scan('h', img, settings.minPieceH);
  scan('v', transpose(img), settings.minPieceV);
  return { strong, weak };
}

/** The image with rows and columns swapped, in tiles so both sides are read and written in runs. */
export function transpose(img: GrayImage): GrayImage {
  const { width: w, height: h, data } = img;
  const out = new Uint8Array(w * h);
  const T = 64;
  for (let y0 = 0; y0 < h; y0 += T) {
    const y1 = Math.min(h, y0 + T);
    for (let x0 = 0; x0 < w; x0 += T) {
      const x1 = Math.min(w, x0 + T);
      for (let y = y0; y < y1; y++) {
        const row = y * w;
        for (let x = x0; x < x1; x++) out[x * h + y] = data[row + x]!;
      }
    }
  }
  return { width: h, height: w, data: out };
}

/** How much darker than the paper a line pixel is, at least. */
export function lineDelta(contrast: LineContrast, settings: PixelLineSettings): number {
  return Math.max(20, settings.lineContrast * (255 - contrast.ink));
}

/** Runs that touch across the line (neighbouring rows, overlapping extents): one stroke of ink. */
export interface Piece {
  orientation: 'h' | 'v';
  /** Centre across, pixels (weighted by run length). */
  at: number;
  from: number;
  to: number;
  /** Pixel rows (columns) it spans across. */
  thickness: number;
  runs: Run[];
}

/**
 * How many pixel rows (columns) across a piece carry it: those dark along a quarter of its length
 * or more. A seal's arc or a glyph crossing a rule adds rows only where it crosses, so the rule
 * stays thin; a shaded block is dark all along in every row, so it stays thick.
 */
function crossSection(runs: readonly Run[], from: number, to: number, lo: number, hi: number): number {
  const along = new Float64Array(hi - lo + 1);
  for (const r of runs) along[r.at - lo] = (along[r.at - lo] ?? 0) + r.to - r.from;
  let rows = 0;
  for (const len of along) if (len >= 0.25 * (to - from)) rows++;
  return Math.max(1, rows);
}

/**
 * Runs → pieces: runs of one direction joined when they lie within two pixels across and overlap
 * along (union–find). A line is a thin piece; a shaded block or a blot is thick; glyph strokes at
 * the same position in different characters do not overlap, so they never chain together.
 */
export function runsToPieces(runs: readonly Run[]): Piece[] {
  const pieces: Piece[] = [];
  for (const orientation of ['h', 'v'] as const) {
    const list = runs.filter((r) => r.orientation === orientation).sort((a, b) => a.at - b.at || a.from - b.from);
    const sets = new DisjointSets(list.length);
    // Index of the first run of each `at`.
    const firstAt = new Map<number, number>();
    list.forEach((r, i) => {
      if (!firstAt.has(r.at)) firstAt.set(r.at, i);
    });
    list.forEach((r, i) => {
      for (const d of [1, 2]) {
        let j = firstAt.get(r.at - d);
        if (j === undefined) continue;
        for (; j < list.length && list[j]!.at === r.at - d; j++) {
          const o = list[j]!;
          if (o.from < r.to && r.from < o.to) sets.union(i, j);
        }
      }
    });
    const groups = new Map<number, Run[]>();
    list.forEach((r, i) => {
      const k = sets.find(i);
      const g = groups.get(k);
      if (g) g.push(r);
      else groups.set(k, [r]);
    });
    for (const g of groups.values()) {
      let weight = 0;
      let sum = 0;
      let from = Infinity;
      let to = -Infinity;
      let lo = Infinity;
      let hi = -Infinity;
      for (const r of g) {
        const len = r.to - r.from;
        weight += len;
        sum += len * r.at;
        from = Math.min(from, r.from);
        to = Math.max(to, r.to);
        lo = Math.min(lo, r.at);
        hi = Math.max(hi, r.at);
      }
      pieces.push({ orientation, at: sum / weight, from, to, thickness: crossSection(g, from, to, lo, hi), runs: g });
    }
  }
  return pieces;
}

/** A line: collinear thin pieces joined across short gaps, in points, with the runs it is made of. */
export interface PixelLine extends Edge {
  runs: Run[];
}

/**
 * Thin pieces → lines: pieces at the same position (within `snap` points of the first of its
 * group, so positions never drift along a chain) joined where the gap between them is at most
 * `join` points (a dashed, broken or faint line), or is ink all along (text touching the rule).
 */
export function joinPieces(
  pieces: readonly Piece[],
  img: GrayImage,
  pxPerPoint: number,
  delta: number,
  settings: PixelLineSettings,
  snap: number,
  join: number,
): PixelLine[] {
  const thick = Math.max(2, Math.ceil(settings.maxThickness * pxPerPoint)) + 2;
  const out: PixelLine[] = [];
  // Whether the pixels along a line's position between two of its pieces are ink: text touching
  // a rule breaks it as a line (ink on both sides) but not as ink.
  const inkAlong = (orientation: 'h' | 'v', at: number, from: number, to: number): boolean => {
    const line = Math.round(at) - 1;
    let dark = 0;
    for (let pos = from; pos < to; pos++) {
      const a = orientation === 'h' ? img.data[line * img.width + pos]! : img.data[pos * img.width + line]!;
      const b = orientation === 'h' ? img.data[(line + 1) * img.width + pos]! : img.data[pos * img.width + line + 1]!;
      if (Math.min(a, b) <= 255 - delta) dark++;
    }
    return dark >= 0.9 * (to - from);
  };
  for (const orientation of ['h', 'v'] as const) {
    const thin = pieces
      .filter((p) => p.orientation === orientation && p.thickness <= thick)
      .sort((a, b) => a.at - b.at);
    for (let i = 0; i < thin.length; ) {
      const first = thin[i]!.at;
      let j = i;
      while (j < thin.length && thin[j]!.at - first <= snap * pxPerPoint) j++;
      const group = thin.slice(i, j).sort((a, b) => a.from - b.from);
      i = j;
      let cur: Piece[] = [];
      let end = -Infinity;
      const flush = (): void => {
        if (cur.length === 0) return;
        const weight = cur.reduce((n, p) => n + (p.to - p.from), 0);
        const at = cur.reduce((n, p) => n + p.at * (p.to - p.from), 0) / weight;
        out.push({
          orientation,
          at: at / pxPerPoint,
          from: cur[0]!.from / pxPerPoint,
          to: end / pxPerPoint,
          runs: cur.flatMap((p) => p.runs),
        });
        cur = [];
        end = -Infinity;
      };
      for (const p of group) {
        if (
          cur.length > 0 &&
          p.from > end + join * pxPerPoint &&
          !inkAlong(orientation, (cur[cur.length - 1]!.at + p.at) / 2, end, p.from)
        )
          flush();
        cur.push(p);
        end = Math.max(end, p.to);
      }
      flush();
    }
  }
  return out;
}

/** Connected groups of edges (an h and a v that meet belong together), as indices into `edges`. */
function connectedGroups(edges: readonly Edge[], meet: (a: Edge, b: Edge) => boolean): number[][] {
  const sets = new DisjointSets(edges.length);
  for (let i = 0; i < edges.length; i++)
    for (let j = i + 1; j < edges.length; j++) if (meet(edges[i]!, edges[j]!)) sets.union(i, j);
  const groups = new Map<number, number[]>();
  edges.forEach((_, i) => groups.set(sets.find(i), [...(groups.get(sets.find(i)) ?? []), i]));
  return [...groups.values()];
}

/** The extent of a group of edges: x of its horizontals, y of its verticals. */
function extentOf(group: readonly Edge[]): Box {
  const hs = group.filter((e) => e.orientation === 'h');
  const vs = group.filter((e) => e.orientation === 'v');
  const xs = [...hs.flatMap((e) => [e.from, e.to]), ...vs.map((e) => e.at)];
  const ys = [...vs.flatMap((e) => [e.from, e.to]), ...hs.map((e) => e.at)];
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

/**
 * The share of a line's length where ink crosses it: dark on the line and on both sides beyond the
 * thickest line, not counting where a line across it meets it, nor where the line is darker than
 * both sides (a rule through shaded cells).
 */
export function crossedShare(
  img: GrayImage,
  line: Edge,
  lines: readonly Edge[],
  pxPerPoint: number,
  delta: number,
  settings: PixelLineSettings,
): number {
  const beyond = Math.max(2, Math.ceil(settings.maxThickness * pxPerPoint)) + 1;
  const at = Math.round(line.at * pxPerPoint);
  const from = Math.max(0, Math.round(line.from * pxPerPoint));
  const to = Math.min(line.orientation === 'h' ? img.width : img.height, Math.round(line.to * pxPerPoint));
  const across = line.orientation === 'h' ? img.height : img.width;
  if (at - beyond < 0 || at + beyond >= across || to <= from) return 0;
  const meets = lines
    .filter(
      (o) =>
        o.orientation !== line.orientation &&
        o.from <= line.at + settings.touchTolerance &&
        o.to >= line.at - settings.touchTolerance,
    )
    .map((o) => Math.round(o.at * pxPerPoint));
  const pixel = (pos: number, off: number): number =>
    line.orientation === 'h' ? img.data[(at + off) * img.width + pos]! : img.data[pos * img.width + at + off]!;
  const ink = 255 - delta;
  let crossed = 0;
  for (let pos = from; pos < to; pos++) {
    if (meets.some((m) => Math.abs(m - pos) <= beyond)) continue;
    const on = Math.min(pixel(pos, 0), pixel(pos, -1));
    const a = pixel(pos, -beyond);
    const b = pixel(pos, beyond);
    if (on > ink || a > ink || b > ink) continue;
    // Not where it is a rule through a shaded cell: light shade alike on both sides, the rule
    // darker than it. Strokes of text either side are darker and unlike each other.
    const shade = Math.min(a, b) >= 255 - 2 * delta && Math.abs(a - b) < delta / 2 && Math.min(a, b) - on >= delta;
    if (!shade) crossed++;
  }
  return crossed / (to - from);
}

/** The median distance between neighbouring distinct positions of a group's lines of one direction. */
function typicalSpacing(group: readonly Edge[], orientation: 'h' | 'v'): number {
  const at = [...new Set(group.filter((e) => e.orientation === orientation).map((e) => Math.round(e.at)))].sort(
    (a, b) => a - b,
  );
  const gaps = at
    .slice(1)
    .map((v, i) => v - at[i]!)
    .filter((g) => g > 1);
  if (gaps.length === 0) return Infinity;
  gaps.sort((a, b) => a - b);
  return gaps[Math.floor(gaps.length / 2)]!;
}

/**
 * Edges that form a table: long enough, meeting at least `minCrossings` edges across them
 * (crossing, or ending within `touchTolerance`), repeated until stable (dropping a false line
 * can leave another without its crossings). A table's outer extent counts as a line there: a
 * table continued on the next page has no bottom border, and its columns end in the air. Then
 * only groups as large as a table, with lines about a cell apart: the strokes of a boxy or bold
 * glyph (国, 情) meet each other too, a few points apart.
 */
export function keepTableEdges<E extends Edge>(edges: readonly E[], settings: PixelLineSettings): E[] {
  let kept = edges.filter((e) => e.to - e.from >= (e.orientation === 'h' ? settings.minLineH : settings.minLineV));
  const meet = (a: Edge, b: Edge): boolean =>
    a.orientation !== b.orientation &&
    (a.orientation === 'h'
      ? edgesIntersect(a, b, settings.touchTolerance)
      : edgesIntersect(b, a, settings.touchTolerance));
  for (let round = 0; round < 6; round++) {
    const closing = new Map<E, Edge[]>();
    for (const group of connectedGroups(kept, meet)) {
      const members = group.map((i) => kept[i]!);
      if (!members.some((e) => e.orientation === 'h') || !members.some((e) => e.orientation === 'v')) continue;
      const [x0, y0, x1, y1] = extentOf(members);
      const border: Edge[] = [
        { orientation: 'h', at: y0, from: x0, to: x1 },
        { orientation: 'h', at: y1, from: x0, to: x1 },
        { orientation: 'v', at: x0, from: y0, to: y1 },
        { orientation: 'v', at: x1, from: y0, to: y1 },
      ];
      for (const e of members) closing.set(e, border);
    }
    const next = kept.filter((e) => {
      const across = [...kept, ...(closing.get(e) ?? [])].filter((o) => meet(e, o));
      // A drawn outer border and the extent it makes are one line, counted once.
      const positions = new Set(across.map((o) => Math.round(o.at / settings.touchTolerance)));
      return positions.size >= settings.minCrossings;
    });
    if (next.length === kept.length) break;
    kept = next;
  }
  return connectedGroups(kept, meet)
    .filter((group) => {
      const members = group.map((i) => kept[i]!);
      const [x0, y0, x1, y1] = extentOf(members);
      if (x1 - x0 < settings.minTableWidth || y1 - y0 < settings.minTableHeight) return false;
      // A table of one low row (the last row of a table continued on a page) is a wide one.
      if (y1 - y0 < settings.lowTable && x1 - x0 < settings.lowTableWidth) return false;
      // Cells, not the gaps between a bold glyph's strokes: lines typically a cell apart.
      return (
        typicalSpacing(members, 'h') >= settings.minCellSize && typicalSpacing(members, 'v') >= settings.minCellSize
      );
    })
    .flat()
    .sort((a, b) => a - b)
    .map((i) => kept[i]!);
}

/**
 * The table's ruling lines on a flattened page: edges in points, and the runs they are made of.
 * Hysteresis, as in edge detection: lines found at the full line contrast show where the tables
 * are; pieces at half that contrast count only where they lie on one of those lines' positions
 * within its table, so a rule that fades along its length (a worn scan) is kept whole, while
 * faint marks elsewhere are not taken for lines.
 */
export function findTableLines(
  img: GrayImage,
  pxPerPoint: number,
  contrast: LineContrast,
  settings: PixelLineSettings,
  table: TableSettings,
): { runs: Run[]; edges: Edge[] } {
  const delta = lineDelta(contrast, settings);
  const linesAt = (pieces: readonly Piece[]): PixelLine[] => {
    const joined = joinPieces(pieces, img, pxPerPoint, delta, settings, settings.snap, table.joinTolerance);
    const lines = keepTableEdges(joined, settings);
    // A row of text whose glyphs' strokes cross it all along is no rule; a rule is crossed where
    // other rules meet it, and where text touches it from both sides now and then.
    const uncrossed = (ls: readonly PixelLine[], context: readonly PixelLine[]): PixelLine[] =>
      ls.filter((l) => crossedShare(img, l, context, pxPerPoint, delta, settings) <= settings.maxCrossed);
    const rules = uncrossed(lines, lines);
    if (lines.length > 0) return rules.length === lines.length ? lines : keepTableEdges(rules, settings);
    // No table: on a light scan (ink little darker than its paper) rows of text pass for lines,
    // and joined to a table's rules make lines too close to be cells, so the whole table goes.
    // Then rows crossed by text are dropped first, among all lines long enough to be rules; with
    // no line excused where it meets another (a glyph's stems would excuse its row), since a
    // rule is crossed by the rules across it only over their thickness.
    const long = joined.filter((l) => l.to - l.from >= (l.orientation === 'h' ? settings.minLineH : settings.minLineV));
    return keepTableEdges(uncrossed(long, []), settings);
  };
  const runs = findLineRuns(img, pxPerPoint, delta, delta / 2, settings);
  const strongPieces = runsToPieces(runs.strong);
  const strong = linesAt(strongPieces);
  let lines = strong;
  if (strong.length > 0) {
    const meet = (a: Edge, b: Edge): boolean =>
      a.orientation !== b.orientation &&
      (a.orientation === 'h'
        ? edgesIntersect(a, b, settings.touchTolerance)
        : edgesIntersect(b, a, settings.touchTolerance));
    const tables = connectedGroups(strong, meet).map((g) => ({
      lines: g.map((i) => strong[i]!),
      box: extentOf(g.map((i) => strong[i]!)),
    }));
    const near = settings.snap * pxPerPoint;
    const weak = runsToPieces(runs.weak).filter((p) =>
      tables.some(({ lines: ls, box }) => {
        const [a0, a1, b0, b1] =
          p.orientation === 'h' ? [box[0], box[2], box[1], box[3]] : [box[1], box[3], box[0], box[2]];
        const inside =
          p.from / pxPerPoint >= a0 - table.joinTolerance &&
          p.to / pxPerPoint <= a1 + table.joinTolerance &&
          p.at / pxPerPoint >= b0 - settings.snap &&
          p.at / pxPerPoint <= b1 + settings.snap;
        return inside && ls.some((l) => l.orientation === p.orientation && Math.abs(l.at * pxPerPoint - p.at) <= near);
      }),
    );
    lines = linesAt([...strongPieces, ...weak]);
    // A table whose rules are all faint (the lamp weaker on that part of the page; a 0.5 pt grey
    // rule at 150 dpi) is found from the weak pieces alone, where no table found at full
    // contrast lies: it must then form a table by itself, as any table must.
    const found = connectedGroups(lines, meet).map((g) => extentOf(g.map((i) => lines[i]!)));
    const overlaps = (a: Box, b: Box): boolean => a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
    const faint = linesAt(runsToPieces(runs.weak));
    const apart = connectedGroups(faint, meet)
      .map((g) => g.map((i) => faint[i]!))
      .filter((g) => !found.some((box) => overlaps(box, extentOf(g))));
    if (apart.length > 0) lines = [...lines, ...apart.flat()];
  }
  return {
    runs: lines.flatMap((l) => l.runs),
    edges: trimOvershoots(
      lines.map(({ orientation, at, from, to }) => ({ orientation, at, from, to })),
      settings,
    ),
  };
}

/**
 * Line ends cut back to the last line across them when they run past it by less than a cell:
 * a scan's rule ends a little beyond the border it meets (a blot, the border's own width, a
 * stroke touching it), which would make a sliver of a column or row. An end that runs on
 * further is cut back too when it alone does so: the other lines across the same border stop
 * there, and what continues it is a stroke of the text beyond (申 over a column's rule in the
 * heading above a table), which would take the heading into the table. A table continued on
 * the next page ends all its columns in the air together, so they stay.
 */
export function trimOvershoots(edges: readonly Edge[], settings: PixelLineSettings): Edge[] {
  const tol = settings.touchTolerance;
  const cell = settings.minCellSize;
  /** Lines of e's direction through the border across at `at`, and how many run past it (dir -1: before). */
  const pastBorder = (e: Edge, at: number, dir: -1 | 1): { through: number; past: number } => {
    const through = edges.filter(
      (o) => o !== e && o.orientation === e.orientation && o.from <= at + tol && o.to >= at - tol,
    );
    const past = through.filter((o) => (dir < 0 ? at - o.from : o.to - at) >= cell).length;
    return { through: through.length, past };
  };
  const alonePast = (e: Edge, at: number, dir: -1 | 1): boolean => {
    const { through, past } = pastBorder(e, at, dir);
    return through >= 2 && past === 0;
  };
  return edges.map((e) => {
    const across = edges.filter(
      (o) =>
        o.orientation !== e.orientation &&
        o.from <= e.at + tol &&
        o.to >= e.at - tol &&
        o.at >= e.from - tol &&
        o.at <= e.to + tol,
    );
    if (across.length === 0) return e;
    const first = Math.min(...across.map((o) => o.at));
    const last = Math.max(...across.map((o) => o.at));
    const from = e.from < first && (first - e.from < cell || alonePast(e, first, -1)) ? first : e.from;
    const to = e.to > last && (e.to - last < cell || alonePast(e, last, 1)) ? last : e.to;
    return from === e.from && to === e.to ? e : { ...e, from, to };
  });
}

/**
 * A copy of the image with the runs (the two pixel rows or columns of each, and one either side)
 * painted white, each run `reach` pixels longer at both ends: where lines cross or meet at a
 * corner, neither line's runs cover the other's width.
 */
export function eraseRuns(img: GrayImage, runs: readonly Run[], reach = 0): GrayImage {
  const out = new Uint8Array(img.data);
  const { width: w, height: h } = img;
  for (const r of runs) {
    const centre = Math.round(r.at);
    const length = r.orientation === 'h' ? w : h;
    const from = Math.max(0, r.from - reach);
    const to = Math.min(length, r.to + reach);
    for (let line = centre - 2; line <= centre + 1; line++) {
      if (r.orientation === 'h') {
        if (line < 0 || line >= h) continue;
        out.fill(255, line * w + from, line * w + to);
      } else {
        if (line < 0 || line >= w) continue;
        for (let y = from; y < to; y++) out[y * w + line] = 255;
      }
    }
  }
  return { width: w, height: h, data: out };
}
