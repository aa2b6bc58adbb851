/**
 * A deadline for one Kubernetes API request. client-node has no per-request timeout of its own,
 * and a hung call would otherwise hold a reconcile pass (or a lease renewal) indefinitely.
 * @module
 */

/** Resolves or rejects with `promise`, or rejects after `ms` with an error naming `what`. */
export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new Error(`${what}: no answer within ${ms} ms`));
    }, ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
