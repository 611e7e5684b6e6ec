/**
 * Reads a POST body with two limits: above `dropBytes` the request is refused with 413 without reading the rest
 * (spec/collector.md §1.9), and every chunk is reserved in the in-flight budget so that many slow or large bodies
 * cannot exhaust memory (refused → 503). A client that goes away releases what it held.
 */
import type { IncomingMessage } from 'node:http';
import type { InFlightBudget } from '../ingest/in-flight-budget';

export type BodyOutcome =
  | { readonly kind: 'body'; readonly body: Buffer; readonly reservedBytes: number }
  | { readonly kind: 'too-large' }
  | { readonly kind: 'over-capacity' }
  | { readonly kind: 'aborted' }
  /** Parsed into an object by middleware mounted before the collector: the raw body is gone. */
  | { readonly kind: 'consumed' };

export function readBody(req: IncomingMessage, dropBytes: number, budget: InFlightBudget, done: (outcome: BodyOutcome) => void): void {
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > dropBytes) {
    req.pause();
    done({ kind: 'too-large' });
    return;
  }
  if (req.readableEnded) {
    // Already consumed by middleware mounted before the collector (express.raw/text/json): use what it kept.
    const kept = (req as IncomingMessage & { body?: unknown }).body;
    const body = Buffer.isBuffer(kept) ? kept : typeof kept === 'string' ? Buffer.from(kept) : kept === undefined ? Buffer.alloc(0) : undefined;
    if (body === undefined) return done({ kind: 'consumed' });
    if (body.length > dropBytes) return done({ kind: 'too-large' });
    return done({ kind: 'body', body, reservedBytes: 0 });
  }
  const chunks: Buffer[] = [];
  let size = 0;
  let reserved = 0;
  let finished = false;
  const finish = (outcome: BodyOutcome): void => {
    if (finished) return;
    finished = true;
    req.removeListener('data', onData);
    req.removeListener('end', onEnd);
    req.removeListener('close', onClose);
    if (outcome.kind !== 'body') {
      budget.release(reserved);
      chunks.length = 0;
      req.pause();
    }
    done(outcome);
  };
  const onData = (chunk: Buffer): void => {
    size += chunk.length;
    if (size > dropBytes) return finish({ kind: 'too-large' });
    if (!budget.tryReserve(chunk.length)) return finish({ kind: 'over-capacity' });
    reserved += chunk.length;
    chunks.push(chunk);
  };
  const onEnd = (): void => finish({ kind: 'body', body: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size), reservedBytes: reserved });
  const onClose = (): void => finish({ kind: 'aborted' });
  req.on('data', onData);
  req.on('end', onEnd);
  req.on('close', onClose);
  // An 'error' (client reset) is followed by 'close'; the listener keeps it from being an uncaught exception.
  req.on('error', () => undefined);
}
