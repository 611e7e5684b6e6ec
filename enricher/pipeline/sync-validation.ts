/**
 * Synchronous Iglu validation for the pipeline's hot path. The steps that validate take a `Validate` function and
 * run as plain calls; `UnitValidator` answers from `IgluValidator.validateCached` and throws `SchemaNotCached` when
 * an answer needs I/O. The caller runs such steps as retryable units that change nothing outside themselves until
 * they return, awaits `IgluValidator.validate` for the missing request, and runs the unit again: the awaited answer
 * is replayed for the same request (by position in the unit), so the outcome equals that of an awaited lookup even
 * when the validator does not cache the answer.
 */
import type { IgluValidation, IgluValidator } from '../iglu/types';
import type { IgluSteps } from './iglu-steps';

/** Validates plain JS `data` against `schema`; throws SchemaNotCached when the answer needs I/O. */
export type Validate = (schema: string, data: unknown) => IgluValidation;

export class SchemaNotCached {
  constructor(
    readonly schema: string,
    readonly data: unknown,
  ) {}
}

/** Answers one retryable unit at a time: cached answers, else those awaited after an earlier attempt. */
export class UnitValidator {
  private answers: Array<{ schema: string; result: IgluValidation }> = [];
  private position = 0;
  /** Bound once: the `Validate` handed to the steps. */
  readonly validate: Validate = (schema, data) => {
    const at = this.position++;
    const cached = this.iglu.validateCached(schema, data);
    if (cached !== undefined) return cached;
    const answer = this.answers[at];
    if (answer !== undefined && answer.schema === schema) return answer.result;
    throw new SchemaNotCached(schema, data);
  };

  constructor(private readonly iglu: IgluValidator) {}

  /** Before each attempt of a unit. */
  startAttempt(): void {
    this.position = 0;
  }

  /** After a unit completed: the replayed answers belonged to it. */
  unitDone(): void {
    if (this.answers.length > 0) this.answers = [];
  }

  /** Awaits the answer to the request that was not cached, for the next attempt of the same unit. */
  async fetch(miss: SchemaNotCached): Promise<void> {
    const result = await this.iglu.validate(miss.schema, miss.data);
    // The miss was request number `position - 1` of the attempt.
    this.answers[this.position - 1] = { schema: miss.schema, result };
  }
}

/** Runs generator steps (the adapters' form) with a synchronous `Validate`. */
export function runStepsSync<T>(steps: IgluSteps<T>, validate: Validate): T {
  let step = steps.next();
  while (!step.done) step = steps.next(validate(step.value.schema, step.value.data));
  return step.value;
}
