/** How alike two strings are, for labels (report/labels.ts) and repeated table headers (layout/stitch.ts). */

/** Length of the longest common subsequence. */
export function lcsLength(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  let prev = new Array<number>(y.length + 1).fill(0);
  for (let i = 1; i <= x.length; i++) {
    const cur = new Array<number>(y.length + 1).fill(0);
    for (let j = 1; j <= y.length; j++)
      cur[j] = x[i - 1] === y[j - 1] ? prev[j - 1]! + 1 : Math.max(prev[j]!, cur[j - 1]!);
    prev = cur;
  }
  return prev[y.length]!;
}

/** 2·LCS / (|a| + |b|): 1 for the same text, 0 for nothing in common. */
export function diceSimilarity(a: string, b: string): number {
  const n = [...a].length + [...b].length;
  return n === 0 ? 1 : (2 * lcsLength(a, b)) / n;
}
