/**
 * An agency's reports read as a series: each report linked to the same agency's report of the
 * year before, when one is among them, and the archive.* rules run between the two. The CLI
 * does this with the files it is given; the service with its store (src/workers/stages.ts).
 */
import type { Meta, ReportRecord } from '../schema/record.js';
import type { PreviousRecord } from '../validate/archive.js';
import { revalidateRecord, type ValidationOptions } from '../validate/index.js';
import { agencyMatch } from '../validate/agency.js';

/**
 * The candidate that is this report's previous year: the same agency (the closest form of its
 * name wins: the same name, then the same key, then a place prefix) and the year before.
 * Returns its index, or null. Candidates of unknown year or agency never match.
 */
export function previousIndex(meta: Meta, candidates: ReadonlyArray<{ meta: Meta }>): number | null {
  if (meta.year === null) return null;
  let best: { index: number; rank: number } | null = null;
  candidates.forEach((c, index) => {
    if (c.meta.year !== meta.year! - 1) return;
    const rank = agencyMatch(meta.agency, c.meta.agency);
    if (rank > 0 && (!best || rank > best.rank)) best = { index, rank };
  });
  return (best as { index: number } | null)?.index ?? null;
}

export interface SeriesEntry {
  record: ReportRecord;
  /** The prose, so text.consistency keeps its say when the record is validated again. */
  text: string;
}

export interface Linked<T extends SeriesEntry> {
  entry: T;
  /** The entry of the same agency's year before, when one is among the entries. */
  previous: T | null;
}

/**
 * Links every entry to its previous year and re-runs its validation with it (archive.carryOver,
 * archive.inForce); entries without one are returned as they are.
 */
export function linkSeries<T extends SeriesEntry>(
  entries: readonly T[],
  validation?: Partial<ValidationOptions>,
): Array<Linked<T>> {
  const metas = entries.map((e) => ({ meta: e.record.meta }));
  return entries.map((entry) => {
    const i = previousIndex(entry.record.meta, metas);
    if (i === null) return { entry, previous: null };
    const previous = entries[i]!;
    // Its prose too, for text.reuse (a PreviousRecord may carry it; the pipeline passes it on).
    const last: PreviousRecord = { meta: previous.record.meta, cells: previous.record.cells, text: previous.text };
    const record = revalidateRecord(entry.record, { text: entry.text, previous: last }, validation);
    return { entry: { ...entry, record }, previous };
  });
}
