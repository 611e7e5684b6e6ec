/**
 * The contract between the enrichment pipeline and Iglu (spec/iglu-and-output.md §1, spec/enrich.md §3.4, §5).
 * Implemented by enricher/iglu/validator.ts (IgluSchemaValidator), built by createIgluValidator
 * (enricher/iglu/create-iglu-validator.ts) over the resolver in enricher/iglu/resolver.ts. See docs/iglu.md.
 */

/** Iglu client error JSON, exactly as it goes into bad rows (`ResolutionError` or `ValidationError`). */
export type IgluClientError =
  | {
      error: 'ResolutionError';
      lookupHistory: Array<{
        repository: string;
        errors: Array<{ error: 'NotFound' } | { error: 'RepoFailure' | 'ClientFailure'; message: string }>;
        attempts: number;
        lastAttempt: string;
      }>;
    }
  | {
      error: 'ValidationError';
      dataReports: Array<{ message: string; path: string; keyword: string; targets: string[] }>;
      supersededBy?: string;
    }
  | { error: 'ValidationError'; schemaIssues: Array<{ path: string; message: string }> };

export type IgluValidation =
  | {
      ok: true;
      /** Set when the schema named `$supersededBy`: the version actually used, e.g. `1-0-1` (spec/enrich.md §1.3). */
      supersededBy?: string;
    }
  | { ok: false; error: IgluClientError };

export interface IgluValidator {
  /**
   * Validates `data` (plain JS values: numbers as JS numbers) against the schema `schemaUri`
   * (`iglu:vendor/name/jsonschema/M-R-A`). Resolves with the Iglu-style error on failure; rejects only on
   * infrastructure faults that must be retried (never for a NotFound or invalid data).
   */
  validate(schemaUri: string, data: unknown): Promise<IgluValidation>;
  /**
   * Synchronous fast path: the result when the schema is already cached (hit or miss within TTL), else undefined
   * (then call `validate`).
   */
  validateCached(schemaUri: string, data: unknown): IgluValidation | undefined;
  /** Fetches a schema (the JSON Schema document), or null when no repository has it. */
  lookupSchema(schemaUri: string): Promise<Record<string, unknown> | null>;
}
