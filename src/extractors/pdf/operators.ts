/**
 * The one walk over a page's operator list: the current transformation matrix kept through
 * save/restore, `cm` and form XObjects (which draw in their own matrix, restored at their end),
 * with whatever graphics state the caller follows (colours) saved and restored beside it. The
 * ruling-line finder (vectors.ts) and the scan's image finder (scan/pageImage.ts) both walk it.
 */
import { OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { multiply, type Matrix } from '../geometry.js';

/** pdfjs's operator list: operator codes (OPS) and their arguments. */
export interface OperatorList {
  fnArray: number[];
  argsArray: unknown[][];
}

/**
 * Calls `visit` for every operator but the state ones, with the CTM in force (`viewport` × the
 * page's CTM: PDF user space → top-left page points) and the caller's state; `visit` returns the
 * state from then on (a new colour), which save/restore keep like the CTM.
 */
export function walkOperators<S>(
  ops: OperatorList,
  viewport: Matrix,
  initial: S,
  visit: (fn: number, args: unknown[], ctm: Matrix, state: S) => S,
): void {
  let ctm = viewport;
  let state = initial;
  const stack: Array<[Matrix, S]> = [];
  for (let i = 0; i < ops.fnArray.length; i++) {
    const fn = ops.fnArray[i]!;
    const args = ops.argsArray[i] ?? [];
    switch (fn) {
      case OPS.save:
        stack.push([ctm, state]);
        break;
      case OPS.restore:
      case OPS.paintFormXObjectEnd:
        [ctm, state] = stack.pop() ?? [ctm, state];
        break;
      case OPS.transform:
        ctm = multiply(args as Matrix, ctm);
        break;
      case OPS.paintFormXObjectBegin: {
        stack.push([ctm, state]);
        const m = args[0];
        if (Array.isArray(m) || ArrayBuffer.isView(m))
          ctm = multiply(Array.from(m as ArrayLike<number>) as Matrix, ctm);
        break;
      }
      default:
        state = visit(fn, args, ctm, state);
    }
  }
}
