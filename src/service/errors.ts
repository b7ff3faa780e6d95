/**
 * A refused request, by kind: the service says what kind of "no" it is, the shells say it in
 * their terms (the web as an HTTP status, src/web/errorStatus.ts).
 */

export type RefusalKind = 'invalid' | 'forbidden' | 'not-found' | 'conflict';

export class RefusedError extends Error {
  constructor(
    readonly kind: RefusalKind,
    message: string,
  ) {
    super(message);
    this.name = 'RefusedError';
  }
}
