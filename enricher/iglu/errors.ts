/**
 * Iglu error values. Data problems (a schema that does not exist, data that does not validate) are results, never
 * exceptions; only infrastructure faults throw, so that runtimes retry the batch instead of writing bad rows.
 */
import type { IgluClientError } from './types';

export type ResolutionError = Extract<IgluClientError, { error: 'ResolutionError' }>;
export type LookupHistory = ResolutionError['lookupHistory'][number];

/**
 * A registry could not be reached (or kept failing) after the configured retries, and no other registry had the
 * schema. `validate()`/`lookupSchema()` reject with this; runtimes retry the batch later (Enrich 6.5+ crashes
 * instead of writing bad rows in the same situation, spec/enrich.md §3.4).
 */
export class IgluInfrastructureError extends Error {
  readonly code = 'SLEET_IGLU_REGISTRY_UNAVAILABLE';
  constructor(
    readonly schemaUri: string,
    readonly lookupHistory: readonly LookupHistory[],
  ) {
    super(
      `Iglu registries unavailable resolving ${schemaUri}: ` +
        lookupHistory
          .map((h) => `${h.repository} (${h.attempts} attempts): ${h.errors.map((e) => ('message' in e ? e.message : e.error)).join('; ')}`)
          .join(' | '),
    );
    this.name = 'IgluInfrastructureError';
  }
}

export function isIgluInfrastructureError(e: unknown): e is IgluInfrastructureError {
  return e instanceof IgluInfrastructureError;
}

/** Java `Instant.toString` style: ISO-8601 UTC, fraction omitted when the milliseconds are zero. */
export function instantString(epochMs: number): string {
  const iso = new Date(epochMs).toISOString();
  return iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso;
}

/** The badrows schemas cap registry error messages at 256 characters. */
export const MAX_REGISTRY_MESSAGE_LENGTH = 256;

export function registryMessage(message: string): string {
  return message.length > MAX_REGISTRY_MESSAGE_LENGTH ? `${message.slice(0, MAX_REGISTRY_MESSAGE_LENGTH - 1)}…` : message;
}
