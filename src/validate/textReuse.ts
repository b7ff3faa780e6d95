/**
 * Text reuse between two reports' prose: the share of one report's shingles (overlapping runs of
 * SHINGLE characters) that the other report also holds — containment, the standard
 * near-duplicate measure (Broder 1997) read one way, since a report copied from last year and
 * extended is still a copy. Chinese is compared by characters (no word breaking needed).
 *
 * Before shingling, whitespace is dropped (PDF text breaks lines anywhere) and every run of
 * digits becomes one placeholder, so a report whose prose is last year's with the numbers and
 * the year changed counts as repeated: the figures are the table's business, the prose is what
 * was copied. Pure functions.
 */

/** Characters per shingle: eight Chinese characters are about a short phrase. */
export const SHINGLE = 8;
/** Below this many shingles a text is too short to say it was copied. */
export const MIN_SHINGLES = 40;

interface Units {
  /** The normalised characters. */
  chars: string[];
  /** Where each starts in the original text. */
  at: number[];
  /** Where each ends in the original text (exclusive). */
  end: number[];
}

function units(text: string): Units {
  const chars: string[] = [];
  const at: number[] = [];
  const end: number[] = [];
  const re = /\d+|\s+|[\s\S]/gu;
  for (const m of text.matchAll(re)) {
    const s = m[0];
    if (/^\s+$/u.test(s)) continue;
    chars.push(/^\d/u.test(s) ? '#' : s.normalize('NFKC'));
    at.push(m.index);
    end.push(m.index + s.length);
  }
  return { chars, at, end };
}

function shingleList(u: Units, n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i + n <= u.chars.length; i++) out.push(u.chars.slice(i, i + n).join(''));
  return out;
}

export interface Reuse {
  /** Distinct shingles of the text, and how many of them the other text holds. */
  shingles: number;
  repeated: number;
  /** repeated / shingles. */
  share: number;
  /** Passages of the text (ranges of its characters, [start, end)) that the other text holds. */
  passages: Array<[number, number]>;
}

/** How much of `text` repeats `other`; null when `text` is too short to tell. */
export function measureReuse(text: string, other: string, n: number = SHINGLE): Reuse | null {
  const u = units(text);
  const mine = shingleList(u, n);
  const distinct = new Set(mine);
  if (distinct.size < MIN_SHINGLES) return null;
  const theirs = new Set(shingleList(units(other), n));
  let repeated = 0;
  for (const s of distinct) if (theirs.has(s)) repeated++;
  // A character is in a repeated passage when a shared shingle covers it.
  const covered = new Uint8Array(u.chars.length);
  mine.forEach((s, i) => {
    if (theirs.has(s)) covered.fill(1, i, i + n);
  });
  const passages: Array<[number, number]> = [];
  for (let i = 0; i < covered.length; ) {
    if (!covered[i]) {
      i++;
      continue;
    }
    let j = i;
    while (j + 1 < covered.length && covered[j + 1]) j++;
    passages.push([u.at[i]!, u.end[j]!]);
    i = j + 1;
  }
  return { shingles: distinct.size, repeated, share: repeated / distinct.size, passages };
}

/** The share as the pages print it: 87.3%. */
export function percent(share: number): string {
  return `${(Math.floor(share * 1000) / 10).toFixed(1)}%`;
}
