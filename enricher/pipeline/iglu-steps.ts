/**
 * Iglu lookups inside the pure pipeline. Steps that validate are generators that `yield` a validation request and
 * receive the result; `runIgluSteps` answers from `IgluValidator.validateCached` synchronously while it can (the
 * hot path: no promise per event) and switches to `validate` only when a schema is not cached yet.
 */
import type { IgluValidation, IgluValidator } from '../iglu/types';

export interface ValidationRequest {
  readonly schema: string;
  /** Plain JS data (numbers as numbers). */
  readonly data: unknown;
}

export type IgluSteps<T> = Generator<ValidationRequest, T, IgluValidation>;

export function runIgluSteps<T>(steps: IgluSteps<T>, iglu: IgluValidator): T | Promise<T> {
  let step = steps.next();
  while (!step.done) {
    const cached = iglu.validateCached(step.value.schema, step.value.data);
    if (cached === undefined) return continueAsync(steps, step.value, iglu);
    step = steps.next(cached);
  }
  return step.value;
}

async function continueAsync<T>(steps: IgluSteps<T>, pending: ValidationRequest, iglu: IgluValidator): Promise<T> {
  let step = steps.next(await iglu.validate(pending.schema, pending.data));
  while (!step.done) {
    const req = step.value;
    const result = iglu.validateCached(req.schema, req.data) ?? (await iglu.validate(req.schema, req.data));
    step = steps.next(result);
  }
  return step.value;
}

/** Validates one request (`yield* validate(…)` inside steps). */
export function* validate(schema: string, data: unknown): IgluSteps<IgluValidation> {
  return yield { schema, data };
}
