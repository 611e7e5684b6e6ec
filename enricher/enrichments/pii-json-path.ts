/**
 * The JSONPath subset that PII enrichment configs use (Snowplow evaluates them with Jayway JsonPath):
 * `$`, `.name`, `['name']` / `["name"]` (several names separated by commas, also written `.['a', 'b']`), `[n]`
 * (several indices, negative from the end), `[start:end]`, `.*` / `[*]`, and deep scan `..name` / `..*` / `..[…]`.
 * Filter expressions (`[?(…)]`) and script expressions are refused at start-up with a clear message.
 *
 * `locate` returns the places (parent + key) the path selects, so that the caller can replace values there; it never
 * creates anything. lossless-json numbers are leaves, never descended into.
 */
import { isLosslessNumber } from 'lossless-json';

type Selector =
  | { readonly kind: 'names'; readonly names: readonly string[] }
  | { readonly kind: 'indices'; readonly indices: readonly number[] }
  | { readonly kind: 'slice'; readonly start: number | null; readonly end: number | null }
  | { readonly kind: 'wildcard' };

interface Step {
  readonly deep: boolean;
  readonly selector: Selector;
}

export interface JsonPath {
  readonly text: string;
  readonly steps: readonly Step[];
}

/** One selected place: `parent[key]` holds the value. */
export interface JsonLocation {
  readonly parent: Record<string, unknown> | unknown[];
  readonly key: string | number;
}

export class JsonPathError extends Error {}

const NAME_CHAR = /[^.[\]\s]/;

export function compileJsonPath(text: string): JsonPath {
  const fail = (problem: string, at: number): never => {
    throw new JsonPathError(`JSONPath ${JSON.stringify(text)}: ${problem} at position ${at}`);
  };
  if (!text.startsWith('$')) fail('must start with $', 0);
  const steps: Step[] = [];
  let i = 1;
  while (i < text.length) {
    let deep = false;
    if (text.startsWith('..', i)) {
      deep = true;
      i += 2;
    } else if (text[i] === '.') {
      i += 1;
    } else if (text[i] !== '[') {
      fail(`unexpected ${JSON.stringify(text[i])}`, i);
    }
    if (text[i] === '[') {
      const [selector, next] = parseBracket(text, i, fail);
      steps.push({ deep, selector });
      i = next;
    } else if (text[i] === '*') {
      steps.push({ deep, selector: { kind: 'wildcard' } });
      i += 1;
    } else {
      const start = i;
      while (i < text.length && NAME_CHAR.test(text[i])) i++;
      if (i === start) fail('expected a property name', i);
      steps.push({ deep, selector: { kind: 'names', names: [text.slice(start, i)] } });
    }
  }
  return { text, steps };
}

function parseBracket(text: string, open: number, fail: (p: string, at: number) => never): [Selector, number] {
  const close = findClose(text, open, fail);
  const inner = text.slice(open + 1, close).trim();
  const next = close + 1;
  if (inner === '*') return [{ kind: 'wildcard' }, next];
  if (inner.startsWith('?') || inner.startsWith('(')) fail('filter and script expressions are not supported', open);
  if (inner.startsWith("'") || inner.startsWith('"')) {
    const names: string[] = [];
    const re = /\s*(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")\s*(,|$)/y;
    let m: RegExpExecArray | null;
    let consumed = 0;
    while (consumed < inner.length && (m = re.exec(inner)) !== null) {
      names.push((m[1] ?? m[2]).replace(/\\(.)/g, '$1'));
      consumed = re.lastIndex;
      if (m[3] === '') break;
    }
    if (consumed !== inner.length || names.length === 0) fail('invalid quoted property list', open);
    return [{ kind: 'names', names }, next];
  }
  const slice = /^(-?\d+)?\s*:\s*(-?\d+)?$/.exec(inner);
  if (slice !== null) {
    return [{ kind: 'slice', start: slice[1] === undefined ? null : Number(slice[1]), end: slice[2] === undefined ? null : Number(slice[2]) }, next];
  }
  if (/^-?\d+(\s*,\s*-?\d+)*$/.test(inner)) return [{ kind: 'indices', indices: inner.split(',').map((n) => Number(n.trim())) }, next];
  return fail(`unsupported selector [${inner}]`, open);
}

function findClose(text: string, open: number, fail: (p: string, at: number) => never): number {
  let quote: string | null = null;
  for (let i = open + 1; i < text.length; i++) {
    const ch = text[i];
    if (quote !== null) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = null;
    } else if (ch === "'" || ch === '"') quote = ch;
    else if (ch === ']') return i;
  }
  return fail('unclosed [', open);
}

function isContainer(value: unknown): value is Record<string, unknown> | unknown[] {
  return typeof value === 'object' && value !== null && !isLosslessNumber(value);
}

function select(node: unknown, selector: Selector, out: JsonLocation[]): void {
  if (!isContainer(node)) return;
  if (Array.isArray(node)) {
    const n = node.length;
    if (selector.kind === 'wildcard') for (let k = 0; k < n; k++) out.push({ parent: node, key: k });
    else if (selector.kind === 'indices') {
      for (const idx of selector.indices) {
        const k = idx < 0 ? n + idx : idx;
        if (k >= 0 && k < n) out.push({ parent: node, key: k });
      }
    } else if (selector.kind === 'slice') {
      const norm = (v: number | null, dflt: number) => (v === null ? dflt : v < 0 ? Math.max(0, n + v) : Math.min(n, v));
      for (let k = norm(selector.start, 0); k < norm(selector.end, n); k++) out.push({ parent: node, key: k });
    }
    return;
  }
  if (selector.kind === 'wildcard') for (const key of Object.keys(node)) out.push({ parent: node, key });
  else if (selector.kind === 'names') {
    for (const name of selector.names) if (Object.hasOwn(node, name)) out.push({ parent: node, key: name });
  }
}

/** Every container reachable from `node` (itself included), depth first, for deep scan. */
function descendants(node: unknown, out: unknown[]): void {
  if (!isContainer(node)) return;
  out.push(node);
  for (const child of Array.isArray(node) ? node : Object.values(node)) descendants(child, out);
}

/** The places `path` selects in `root` (only existing ones). */
export function locate(path: JsonPath, root: unknown): JsonLocation[] {
  let current: JsonLocation[] = [];
  let nodes: unknown[] = [root];
  for (const step of path.steps) {
    current = [];
    const scope: unknown[] = [];
    if (step.deep) for (const n of nodes) descendants(n, scope);
    else scope.push(...nodes);
    for (const n of scope) select(n, step.selector, current);
    nodes = current.map((loc) => (loc.parent as Record<string | number, unknown>)[loc.key]);
  }
  return current;
}
