/** A bound on how long the service waits for Redis or the database to answer. */

export class TimeoutError extends Error {
  constructor(readonly ms: number) {
    super(`no answer within ${ms} ms`);
    this.name = 'TimeoutError';
  }
}

/** The promise's outcome, or a TimeoutError once `ms` have passed (the timer never outlives the race). */
export async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new TimeoutError(ms)), ms))),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
