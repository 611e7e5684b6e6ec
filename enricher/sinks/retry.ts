/** Exponential backoff with full jitter, abortable; used around every object write and checkpoint write. */
export interface RetryPolicy {
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
  /** Total attempts including the first; Infinity retries until success or abort. */
  readonly maxAttempts: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({ initialDelayMs: 200, maxDelayMs: 20_000, maxAttempts: Infinity });

/** Raised when a retry loop is aborted (shutdown); the work was not done. */
export class RetryAbortedError extends Error {
  constructor(readonly lastError: unknown) {
    super(`retries aborted${lastError instanceof Error ? `: ${lastError.message}` : ''}`);
    this.name = 'RetryAbortedError';
  }
}

export interface RetryOptions {
  readonly signal?: AbortSignal;
  readonly onRetry?: (err: unknown, attempt: number, delayMs: number) => void;
  /** Errors for which retrying is pointless (e.g. a lost lease); they are rethrown at once. */
  readonly isFatal?: (err: unknown) => boolean;
}

export async function withRetries<T>(fn: (attempt: number) => Promise<T>, policy: RetryPolicy, opts: RetryOptions = {}): Promise<T> {
  let lastError: unknown;
  for (let attempt = 1; ; attempt++) {
    if (opts.signal?.aborted) throw new RetryAbortedError(lastError);
    try {
      return await fn(attempt);
    } catch (e) {
      lastError = e;
      if (opts.isFatal?.(e) || attempt >= policy.maxAttempts) throw e;
      const cap = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** Math.min(attempt - 1, 30));
      const delayMs = Math.round(cap / 2 + Math.random() * (cap / 2));
      opts.onRetry?.(e, attempt, delayMs);
      await sleep(delayMs, opts.signal);
    }
  }
}

/** setTimeout as a promise that resolves early (without throwing) when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
