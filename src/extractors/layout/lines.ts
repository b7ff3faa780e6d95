/**
 * Ruling pieces → merged edges: snap near-collinear pieces to one position, then join pieces
 * that touch or nearly touch along the line (WPS draws one border as many short pieces).
 */
import { mean } from '../geometry.js';
import type { Segment } from '../model.js';
import type { TableSettings } from '../settings.js';

export type Edge = Segment;

/** Moves every piece's position to the mean of its cluster of near-collinear pieces. */
export function snapSegments(segments: readonly Segment[], tolerance: number): Segment[] {
  const out: Segment[] = [];
  for (const orientation of ['h', 'v'] as const) {
    const group = segments.filter((s) => s.orientation === orientation).sort((a, b) => a.at - b.at);
    let start = 0;
    for (let i = 1; i <= group.length; i++) {
      if (i === group.length || group[i]!.at - group[i - 1]!.at > tolerance) {
        const run = group.slice(start, i);
        const at = mean(run.map((s) => s.at));
        for (const s of run) out.push({ ...s, at });
        start = i;
      }
    }
  }
  return out;
}

/** Joins pieces at the same position whose extents overlap or lie within `tolerance`. */
export function joinCollinear(segments: readonly Segment[], tolerance: number): Edge[] {
  const byLine = new Map<string, Segment[]>();
  for (const s of segments) {
    const key = `${s.orientation}:${s.at}`;
    const list = byLine.get(key);
    if (list) list.push(s);
    else byLine.set(key, [s]);
  }
  const edges: Edge[] = [];
  for (const list of byLine.values()) {
    list.sort((a, b) => a.from - b.from);
    let cur: Edge = { ...list[0]! };
    for (const s of list.slice(1)) {
      if (s.from <= cur.to + tolerance) cur.to = Math.max(cur.to, s.to);
      else {
        edges.push(cur);
        cur = { ...s };
      }
    }
    edges.push(cur);
  }
  return edges;
}

/** The whole edge stage: snap, join, and drop what is too short to be a border. */
export function mergeSegments(segments: readonly Segment[], settings: TableSettings): Edge[] {
  const joined = joinCollinear(snapSegments(segments, settings.snapTolerance), settings.joinTolerance);
  return joined.filter((e) => e.to - e.from >= settings.minEdgeLength);
}

export function edgesIntersect(h: Edge, v: Edge, tolerance: number): boolean {
  return (
    v.at >= h.from - tolerance && v.at <= h.to + tolerance && h.at >= v.from - tolerance && h.at <= v.to + tolerance
  );
}
