/** Raised when the deployment config is invalid; lists every problem at once, each with its key path. */
export class SleetConfigError extends Error {
  constructor(
    readonly source: string,
    readonly problems: readonly string[],
  ) {
    super(`invalid Sleet deployment config (${source}):\n  - ${problems.join('\n  - ')}`);
    this.name = 'SleetConfigError';
  }
}
