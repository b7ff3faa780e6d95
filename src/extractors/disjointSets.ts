/**
 * Disjoint sets over 0 … n−1 (union–find with path halving): how edges that meet, runs that
 * touch and cells with no rule between them are gathered into connected groups.
 */
export class DisjointSets {
  private readonly parent: number[];

  constructor(size: number) {
    this.parent = Array.from({ length: size }, (_, i) => i);
  }

  /** The representative of i's set. */
  find(i: number): number {
    const parent = this.parent;
    let at = i;
    while (parent[at] !== at) {
      parent[at] = parent[parent[at]!]!;
      at = parent[at]!;
    }
    return at;
  }

  /** Joins a's set into b's. */
  union(a: number, b: number): void {
    this.parent[this.find(a)] = this.find(b);
  }
}
