/** The one place where a refusal's kind becomes an HTTP status. */
import type { RefusalKind } from '../service/errors.js';

const STATUS: Record<RefusalKind, 400 | 403 | 404 | 409> = {
  invalid: 400,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
};

export function statusOfRefusal(kind: RefusalKind): 400 | 403 | 404 | 409 {
  return STATUS[kind];
}
