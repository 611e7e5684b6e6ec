/**
 * The literal prefilter of the uap-core rules (./uap-rules.ts): what text every match of a regex must contain, and
 * an index that finds, in one pass over a user agent, which of all the rules' literals it contains. A rule whose
 * required literals are absent is skipped without running its regex. A prefilter only: it never changes a result,
 * so it must never require a literal that a match could lack.
 */

/** One requirement: at least one of these literals (2+ characters each) is in every match. */
export type Clause = readonly string[];

/**
 * The requirements every match of `source` meets: each clause names literals of which one must be present. Literal
 * runs come from the top-level sequence and from groups that are not optional (`?`, `*`, `{0,…}`) or lookarounds;
 * character classes, escapes such as `\d`, and quantified characters end a run. An alternation (a group's or the
 * whole regex's) gives one clause made of one clause of each alternative, or nothing when an alternative has none.
 * Anything not understood gives no clause at all.
 */
export function requiredClauses(source: string): Clause[] {
  try {
    const parsed = parseAlternatives(source, 0);
    if (parsed.end !== source.length) return [];
    return combine(parsed.alternatives);
  } catch {
    return [];
  }
}

/** The literals (2+ characters, longest first) that every match of `source` must contain (single-literal clauses). */
export function requiredLiterals(source: string): string[] {
  const singles = requiredClauses(source).filter((c) => c.length === 1).map((c) => c[0]);
  return [...new Set(singles)].sort((a, b) => b.length - a.length);
}

/** The longest required literal of 3+ characters, or null (see requiredLiterals). */
export function requiredLiteral(source: string): string | null {
  const [longest] = requiredLiterals(source);
  return longest !== undefined && longest.length >= 3 ? longest : null;
}

/** The clauses of a group (or the whole regex) from those of its alternatives. */
function combine(alternatives: Clause[][]): Clause[] {
  if (alternatives.length === 1) return alternatives[0];
  const union = new Set<string>();
  for (const clauses of alternatives) {
    // The alternative's most selective clause: fewest literals, then the longest shortest literal.
    let best: Clause | undefined;
    for (const c of clauses) {
      if (best === undefined || c.length < best.length || (c.length === best.length && shortest(c) > shortest(best))) best = c;
    }
    if (best === undefined) return [];
    for (const literal of best) union.add(literal);
  }
  return [[...union]];
}

const shortest = (c: Clause) => Math.min(...c.map((l) => l.length));

/** Whether the quantifier at `i` makes the preceding atom optional (`?`, `*`, `{0`…). */
function optionalAt(source: string, i: number): boolean {
  const c = source[i];
  return c === '?' || c === '*' || (c === '{' && source[i + 1] === '0');
}

/** Skips a quantifier (and its lazy `?`) at `i`; returns the index after it. */
function skipQuantifier(source: string, i: number): number {
  let j = i;
  if (source[j] === '?' || source[j] === '*' || source[j] === '+') j++;
  else if (source[j] === '{') {
    const close = source.indexOf('}', j);
    if (close < 0) throw new Error('unclosed quantifier');
    j = close + 1;
  } else return j;
  if (source[j] === '?') j++;
  return j;
}

/** Parses alternatives from `start` up to an unmatched `)` or the end: the clauses of each alternative. */
function parseAlternatives(source: string, start: number): { alternatives: Clause[][]; end: number } {
  const alternatives: Clause[][] = [];
  let clauses: Clause[] = [];
  let run = '';
  const flush = () => {
    if (run.length >= 2) clauses.push([run]);
    run = '';
  };
  let i = start;
  while (i < source.length) {
    const c = source[i];
    if (c === ')') break;
    if (c === '|') {
      flush();
      alternatives.push(clauses);
      clauses = [];
      i++;
      continue;
    }
    if (c === '\\') {
      const next = source[i + 1];
      if (next === undefined) throw new Error('dangling escape');
      // Escapes followed by more characters of their own (`\x41`, `\u0041`, `\cA`, back-references): not analysed.
      if (/[xuc0-9]/.test(next)) throw new Error('escape not analysed');
      const after = i + 2;
      if (/[A-Za-z]/.test(next) || optionalAt(source, after) || source[after] === '+' || source[after] === '{') {
        flush();
        i = skipQuantifier(source, after);
        continue;
      }
      run += next;
      i = after;
      continue;
    }
    if (c === '[') {
      flush();
      let j = i + 1;
      if (source[j] === '^') j++;
      if (source[j] === ']') j++;
      for (; j < source.length && source[j] !== ']'; j++) if (source[j] === '\\') j++;
      if (j >= source.length) throw new Error('unclosed class');
      i = skipQuantifier(source, j + 1);
      continue;
    }
    if (c === '(') {
      flush();
      let j = i + 1;
      let lookaround = false;
      if (source[j] === '?') {
        if (source[j + 1] === ':') j += 2;
        else if (source[j + 1] === '=' || source[j + 1] === '!') {
          lookaround = true;
          j += 2;
        } else if (source[j + 1] === '<' && (source[j + 2] === '=' || source[j + 2] === '!')) {
          lookaround = true;
          j += 3;
        } else if (source[j + 1] === '<') {
          const close = source.indexOf('>', j);
          if (close < 0) throw new Error('bad group name');
          j = close + 1;
        } else throw new Error('unknown group');
      }
      const inner = parseAlternatives(source, j);
      if (source[inner.end] !== ')') throw new Error('unclosed group');
      const afterGroup = inner.end + 1;
      if (!lookaround && !optionalAt(source, afterGroup)) clauses.push(...combine(inner.alternatives));
      i = skipQuantifier(source, afterGroup);
      continue;
    }
    if (c === '.' || c === '^' || c === '$') {
      flush();
      i = skipQuantifier(source, i + 1);
      continue;
    }
    if (c === '?' || c === '*' || c === '+' || c === '{') {
      // A quantifier after something already handled (or a stray one): never literal text.
      flush();
      i = skipQuantifier(source, i);
      continue;
    }
    const after = i + 1;
    if (optionalAt(source, after) || source[after] === '+' || source[after] === '{') {
      // `a+`/`a{2}` still require `a`, but the run cannot continue past the repetition.
      if (!optionalAt(source, after)) run += c;
      flush();
      i = skipQuantifier(source, after);
      continue;
    }
    run += c;
    i = after;
  }
  flush();
  alternatives.push(clauses);
  return { alternatives, end: i };
}

const ASCII_PAIRS = 128 * 128;

/** ClauseIndex's lookup tables, in flat typed arrays (few cache lines touched per user agent), and scan state. */
interface CompiledIndex {
  /** Literal ids starting with ASCII pair p: pairIds[pairStarts[p]] up to pairIds[pairStarts[p + 1]]. */
  readonly pairStarts: Int32Array;
  readonly pairIds: Int32Array;
  /** Each literal's third character code, -1 for two-character literals: a quick check before comparing. */
  readonly thirdChars: Int32Array;
  /** Clauses each literal satisfies: clauseIds[clauseStarts[id]] up to clauseIds[clauseStarts[id + 1]]. */
  readonly clauseStarts: Int32Array;
  readonly clauseIds: Int32Array;
  /** `satisfied[clause] === stamp`: the last text scanned satisfies the clause. */
  readonly satisfied: Uint32Array;
  /** `found[literal] === stamp`: the last text scanned contains the literal. */
  readonly found: Uint32Array;
}

/** Stamps go up to this, then every mark is cleared and they start again from 1. */
const MAX_STAMP = 0xffffffff;

/**
 * The clauses of a rule set, each with an id, over an index of their literals by first two characters: `scan` walks
 * a text once and stamps every clause one of whose literals it contains, so checking a rule's requirement
 * (`satisfied`) costs one array read per clause, not a search.
 */
export class ClauseIndex {
  readonly #clauseIds = new Map<string, number>();
  #clauseCount = 0;
  readonly #literalIds = new Map<string, number>();
  readonly #literals: string[] = [];
  /** The clauses each literal satisfies, by literal id. */
  readonly #clausesOf: number[][] = [];
  /** Literal ids by first two characters when one is not ASCII (rare: custom rules). */
  readonly #otherPairs = new Map<number, number[]>();
  #compiled: CompiledIndex | null = null;
  /** #compiled.satisfied, or empty before the first scan (so nothing is satisfied). */
  #satisfied: Uint32Array = new Uint32Array(0);
  /** The stamp of the last scan (0: none yet). */
  #stamp = 0;
  readonly #maxStamp: number;

  /** `maxStamp` is for tests of the wrap-around (stamps are 32-bit). */
  constructor(opts: { maxStamp?: number } = {}) {
    this.#maxStamp = opts.maxStamp ?? MAX_STAMP;
  }

  /** The id of a clause (literals of 2+ characters), added if new. */
  add(clause: Clause): number {
    const literals = [...new Set(clause)].sort();
    const key = literals.join('\u0000');
    let id = this.#clauseIds.get(key);
    if (id === undefined) {
      id = this.#clauseCount++;
      this.#clauseIds.set(key, id);
      for (const literal of literals) this.#clausesOf[this.#literal(literal)].push(id);
      this.#compiled = null;
    }
    return id;
  }

  /** Number of clauses (ids are 0 to size − 1). */
  get size(): number {
    return this.#clauseCount;
  }


  #literal(literal: string): number {
    let id = this.#literalIds.get(literal);
    if (id === undefined) {
      if (literal.length < 2) throw new RangeError('literals have 2+ characters');
      id = this.#literals.length;
      this.#literals.push(literal);
      this.#clausesOf.push([]);
      this.#literalIds.set(literal, id);
      const c0 = literal.charCodeAt(0);
      const c1 = literal.charCodeAt(1);
      if (c0 >= 128 || c1 >= 128) {
        const key = c0 * 65536 + c1;
        const ids = this.#otherPairs.get(key);
        if (ids) ids.push(id);
        else this.#otherPairs.set(key, [id]);
      }
    }
    return id;
  }

  #compile(): CompiledIndex {
    const literals = this.#literals;
    const pairOf = (l: string) => (l.charCodeAt(0) < 128 && l.charCodeAt(1) < 128 ? (l.charCodeAt(0) << 7) | l.charCodeAt(1) : -1);
    const pairStarts = new Int32Array(ASCII_PAIRS + 1);
    for (const l of literals) if (pairOf(l) >= 0) pairStarts[pairOf(l) + 1]++;
    for (let p = 0; p < ASCII_PAIRS; p++) pairStarts[p + 1] += pairStarts[p];
    const pairIds = new Int32Array(pairStarts[ASCII_PAIRS]);
    const filled = pairStarts.slice(0, ASCII_PAIRS);
    literals.forEach((l, id) => {
      const p = pairOf(l);
      if (p >= 0) pairIds[filled[p]++] = id;
    });
    const clauseStarts = new Int32Array(literals.length + 1);
    this.#clausesOf.forEach((clauses, id) => (clauseStarts[id + 1] = clauseStarts[id] + clauses.length));
    const clauseIds = Int32Array.from(this.#clausesOf.flat());
    const thirdChars = Int32Array.from(literals, (l) => (l.length > 2 ? l.charCodeAt(2) : -1));
    const satisfied = new Uint32Array(this.#clauseCount);
    const found = new Uint32Array(literals.length);
    return { pairStarts, pairIds, thirdChars, clauseStarts, clauseIds, satisfied, found };
  }

  /** Whether the last text scanned satisfies clause `id` (false before any scan). */
  satisfied(id: number): boolean {
    return this.#satisfied[id] === this.#stamp;
  }

  /** Finds the clauses that `text` satisfies (replacing the previous scan's). */
  scan(text: string): void {
    const compiled = (this.#compiled ??= this.#compile());
    this.#satisfied = compiled.satisfied;
    const { pairStarts, pairIds, thirdChars, clauseStarts, clauseIds, satisfied: stamps, found } = compiled;
    if (this.#stamp >= this.#maxStamp) {
      stamps.fill(0);
      found.fill(0);
      this.#stamp = 0;
    }
    const stamp = ++this.#stamp;
    const literals = this.#literals;
    const others = this.#otherPairs.size > 0 ? this.#otherPairs : null;
    const last = text.length - 1;
    let c1 = text.charCodeAt(0);
    for (let i = 0; i < last; i++) {
      const c0 = c1;
      c1 = text.charCodeAt(i + 1);
      let from: number;
      let to: number;
      let ids: Int32Array | number[];
      if (c0 < 128 && c1 < 128) {
        const p = (c0 << 7) | c1;
        from = pairStarts[p];
        to = pairStarts[p + 1];
        if (from === to) continue;
        ids = pairIds;
      } else {
        const other = others?.get(c0 * 65536 + c1);
        if (other === undefined) continue;
        from = 0;
        to = other.length;
        ids = other;
      }
      const c2 = i + 2 <= last ? text.charCodeAt(i + 2) : -2;
      for (let k = from; k < to; k++) {
        const id = ids[k];
        const third = thirdChars[id];
        if (found[id] === stamp || (third !== -1 && third !== c2) || !text.startsWith(literals[id], i)) continue;
        found[id] = stamp;
        for (let c = clauseStarts[id], end = clauseStarts[id + 1]; c < end; c++) stamps[clauseIds[c]] = stamp;
      }
    }
  }
}
