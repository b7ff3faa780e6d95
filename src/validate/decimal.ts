/**
 * Decimal arithmetic for printed values (21, 7730.28): every value is scaled to an integer
 * number of millionths, so sums of decimals compare exactly, at a tolerance of 1e-6.
 */
const SCALE = 1e6;

function scaled(value: number): number {
  return Math.round(value * SCALE);
}

/** Σ values, exact to 1e-6. */
export function sum(values: readonly number[]): number {
  return values.reduce((acc, v) => acc + scaled(v), 0) / SCALE;
}

/** a = b to 1e-6. */
export function sameAmount(a: number, b: number): boolean {
  return scaled(a) === scaled(b);
}
