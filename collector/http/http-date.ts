/**
 * IMF-fixdate text (`Sun, 06 Nov 1994 08:49:37 GMT`) for the Date header and cookie Expires, cached per second:
 * formatting a date costs more than the rest of a pixel response.
 */
export class HttpDateCache {
  #second = Number.NaN;
  #text = '';

  /** The IMF-fixdate of `ms` (epoch milliseconds), truncated to the second. */
  text(ms: number): string {
    const second = Math.floor(ms / 1000);
    if (second !== this.#second) {
      this.#second = second;
      this.#text = new Date(second * 1000).toUTCString();
    }
    return this.#text;
  }
}
