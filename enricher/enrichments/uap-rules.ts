/**
 * uap-core rules (`regexes.yaml`, https://github.com/ua-parser/uap-core, Apache-2.0) compiled once into a parser
 * with the reference semantics of uap-core's docs/specification.md:
 * - user agents: `family_replacement` (`$1` substituted), `v1_replacement`…`v4_replacement`, else groups 1–5;
 * - OS: `os_replacement`, `os_v1_replacement`…`os_v4_replacement` (`$1`…`$9` substituted, trimmed), else groups 1–5;
 * - devices: `device_replacement`, `brand_replacement`, `model_replacement` (`$1`…`$9`, trimmed), `regex_flag: i`;
 *   without replacements family and model are group 1 and brand is null.
 * The first matching regex of each list wins; nothing matching gives family `Other`. Empty strings are null.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';

export interface UaParts {
  readonly family: string;
  readonly major: string | null;
  readonly minor: string | null;
  readonly patch: string | null;
  readonly patchMinor: string | null;
}
export interface DeviceParts {
  readonly family: string;
  readonly brand: string | null;
  readonly model: string | null;
}
export interface UapResult {
  readonly userAgent: UaParts;
  readonly os: UaParts;
  readonly device: DeviceParts;
}

interface Rule {
  readonly regex: RegExp;
  readonly replacements: ReadonlyArray<string | undefined>;
  /**
   * Literals every match must contain (lower-cased for case-insensitive rules), longest first: a user agent
   * lacking one skips the regex. A prefilter only: it never changes a result.
   */
  readonly literals: readonly string[];
  readonly caseInsensitive: boolean;
}

const UA_KEYS = ['family_replacement', 'v1_replacement', 'v2_replacement', 'v3_replacement', 'v4_replacement'] as const;
const OS_KEYS = ['os_replacement', 'os_v1_replacement', 'os_v2_replacement', 'os_v3_replacement', 'os_v4_replacement'] as const;
const DEVICE_KEYS = ['device_replacement', 'brand_replacement', 'model_replacement'] as const;

const OTHER_UA: UaParts = Object.freeze({ family: 'Other', major: null, minor: null, patch: null, patchMinor: null });
const OTHER_DEVICE: DeviceParts = Object.freeze({ family: 'Other', brand: null, model: null });

/**
 * Longest user agent given to the regexes (longer ones are cut): bounds the cost of pathological backtracking on
 * hostile input (about 30 ms worst case measured for a crafted 1 KiB user agent; microseconds for real ones).
 * Snowplow's default limit for `useragent` is 1,000 characters: a longer user agent makes the event a bad row anyway.
 */
export const MAX_PARSED_UA_LENGTH = 1024;

export class UapRulesError extends Error {}

export class UapParser {
  constructor(
    readonly userAgentRules: readonly Rule[],
    readonly osRules: readonly Rule[],
    readonly deviceRules: readonly Rule[],
  ) {}

  parse(userAgent: string): UapResult {
    const ua = userAgent.length > MAX_PARSED_UA_LENGTH ? userAgent.slice(0, MAX_PARSED_UA_LENGTH) : userAgent;
    const lower = lowerAscii(ua);
    return { userAgent: this.parseUserAgent(ua, lower), os: this.parseOs(ua, lower), device: this.parseDevice(ua, lower) };
  }

  parseUserAgent(ua: string, lower = lowerAscii(ua)): UaParts {
    for (const rule of this.userAgentRules) {
      const m = exec(rule, ua, lower);
      if (!m) continue;
      const [familyRep, ...versionReps] = rule.replacements;
      const family = nonEmpty(familyRep !== undefined ? familyRep.replace('$1', m[1] ?? '') : m[1]);
      if (family === null) continue;
      const [major, minor, patch, patchMinor] = versionReps.map((rep, i) => nonEmpty(rep !== undefined ? substitute(rep, m) : m[i + 2]));
      return { family, major, minor, patch, patchMinor };
    }
    return OTHER_UA;
  }

  parseOs(ua: string, lower = lowerAscii(ua)): UaParts {
    for (const rule of this.osRules) {
      const m = exec(rule, ua, lower);
      if (!m) continue;
      const [family, major, minor, patch, patchMinor] = rule.replacements.map((rep, i) =>
        nonEmpty(rep !== undefined ? substitute(rep, m) : m[i + 1]),
      );
      if (family === null) continue;
      return { family, major, minor, patch, patchMinor };
    }
    return OTHER_UA;
  }

  parseDevice(ua: string, lower = lowerAscii(ua)): DeviceParts {
    for (const rule of this.deviceRules) {
      const m = exec(rule, ua, lower);
      if (!m) continue;
      const [familyRep, brandRep, modelRep] = rule.replacements;
      const family = nonEmpty(familyRep !== undefined ? substitute(familyRep, m) : m[1]);
      if (family === null) continue;
      const brand = brandRep !== undefined ? nonEmpty(substitute(brandRep, m)) : null;
      const model = nonEmpty(modelRep !== undefined ? substitute(modelRep, m) : m[1]);
      return { family, brand, model };
    }
    return OTHER_DEVICE;
  }
}

function exec(rule: Rule, ua: string, lower: string | null): RegExpExecArray | null {
  const text = rule.caseInsensitive ? lower : ua;
  if (text !== null) for (const literal of rule.literals) if (!text.includes(literal)) return null;
  return rule.regex.exec(ua);
}

/**
 * The lower-cased user agent for case-insensitive prefilters, or null when it has non-ASCII characters (regex case
 * folding and toLowerCase differ there, e.g. for `ı`; those user agents skip the prefilter of `i` rules).
 */
function lowerAscii(ua: string): string | null {
  // eslint-disable-next-line no-control-regex
  return /^[\u0000-\u007f]*$/.test(ua) ? ua.toLowerCase() : null;
}

/**
 * The literals (2+ characters, longest first) that every match of `source` must contain. Literal runs are collected
 * from the top-level sequence and from groups that are neither alternations nor optional (`?`, `*`, `{0,…}`);
 * character classes, escapes such as `\\d`, lookarounds and quantified characters end a run. A top-level
 * alternation, or anything not understood, gives none. Used only as a prefilter, so it must never name a literal a
 * match could lack.
 */
export function requiredLiterals(source: string): string[] {
  try {
    const parsed = parseSequence(source, 0);
    if (parsed.alternatives > 1 || parsed.end !== source.length) return [];
    return [...new Set(parsed.runs.filter((r) => r.length >= 2))].sort((a, b) => b.length - a.length);
  } catch {
    return [];
  }
}

/** The longest required literal of 3+ characters, or null (see requiredLiterals). */
export function requiredLiteral(source: string): string | null {
  const [longest] = requiredLiterals(source);
  return longest !== undefined && longest.length >= 3 ? longest : null;
}

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

function parseSequence(source: string, start: number): { runs: string[]; end: number; alternatives: number } {
  const runs: string[] = [];
  let run = '';
  let alternatives = 1;
  const flush = () => {
    if (run !== '') runs.push(run);
    run = '';
  };
  let i = start;
  while (i < source.length) {
    const c = source[i];
    if (c === ')') break;
    if (c === '|') {
      flush();
      alternatives++;
      i++;
      continue;
    }
    if (c === '\\') {
      const next = source[i + 1];
      if (next === undefined) throw new Error('dangling escape');
      const after = i + 2;
      if (/[A-Za-z0-9]/.test(next) || optionalAt(source, after) || source[after] === '+' || source[after] === '{') {
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
      const inner = parseSequence(source, j);
      if (source[inner.end] !== ')') throw new Error('unclosed group');
      const afterGroup = inner.end + 1;
      if (!lookaround && inner.alternatives === 1 && !optionalAt(source, afterGroup)) runs.push(...inner.runs);
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
  return { runs: alternatives > 1 ? [] : runs, end: i, alternatives };
}

function nonEmpty(s: string | undefined): string | null {
  return s === undefined || s === '' ? null : s;
}

const DOLLAR_GROUP = /\$(\d)/g;

/** `$1`…`$9` replaced by the groups (missing groups as ''), then trimmed. Literal replacements come back unchanged. */
function substitute(replacement: string, m: RegExpExecArray): string {
  if (!replacement.includes('$')) return replacement;
  return replacement.replace(DOLLAR_GROUP, (_t, i: string) => m[Number(i)] ?? '').trim();
}

/** Parses and compiles a regexes.yaml text; throws UapRulesError naming the list and entry of any problem. */
export function compileUapRules(yamlText: string): UapParser {
  let doc: unknown;
  try {
    doc = parseYaml(yamlText, { maxAliasCount: 100 });
  } catch (e) {
    throw new UapRulesError(`not valid YAML: ${(e as Error).message}`);
  }
  if (typeof doc !== 'object' || doc === null) throw new UapRulesError('expected a YAML map with user_agent_parsers, os_parsers, device_parsers');
  const lists = doc as Record<string, unknown>;
  const compileList = (name: string, keys: readonly string[]): Rule[] => {
    const list = lists[name];
    if (list === undefined) return [];
    if (!Array.isArray(list)) throw new UapRulesError(`${name} must be a list`);
    return list.map((entry: unknown, i) => compileRule(entry, keys, `${name}[${i}]`));
  };
  const parser = new UapParser(
    compileList('user_agent_parsers', UA_KEYS),
    compileList('os_parsers', OS_KEYS),
    compileList('device_parsers', DEVICE_KEYS),
  );
  if (parser.userAgentRules.length + parser.osRules.length + parser.deviceRules.length === 0) {
    throw new UapRulesError('no rules: expected user_agent_parsers, os_parsers and/or device_parsers');
  }
  return parser;
}

function compileRule(entry: unknown, keys: readonly string[], where: string): Rule {
  if (typeof entry !== 'object' || entry === null) throw new UapRulesError(`${where}: expected a map with a regex`);
  const e = entry as Record<string, unknown>;
  if (typeof e.regex !== 'string') throw new UapRulesError(`${where}: regex must be a string`);
  const flag = e.regex_flag;
  if (flag !== undefined && flag !== 'i') throw new UapRulesError(`${where}: regex_flag must be 'i'`);
  let regex: RegExp;
  try {
    regex = new RegExp(e.regex, flag === 'i' ? 'i' : '');
  } catch (err) {
    throw new UapRulesError(`${where}: regex does not compile: ${(err as Error).message}`);
  }
  const replacements = keys.map((k) => {
    const v = e[k];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string' && typeof v !== 'number') throw new UapRulesError(`${where}: ${k} must be a string`);
    return String(v);
  });
  const caseInsensitive = flag === 'i';
  const literals = requiredLiterals(e.regex).map((l) => (caseInsensitive ? l.toLowerCase() : l));
  return { regex, replacements, literals, caseInsensitive };
}

let defaultParser: UapParser | undefined;

/** The rules of the npm package `uap-core` (0.18.0), compiled once per process. */
export function defaultUapParser(): UapParser {
  defaultParser ??= compileUapRules(readFileSync(require.resolve('uap-core/regexes.yaml'), 'utf8'));
  return defaultParser;
}

/** Compiles a custom rules file (the config's `uri` + `database`). */
export function loadUapRulesFile(path: string): UapParser {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new UapRulesError(`cannot read ${path}: ${(e as Error).message}`);
  }
  return compileUapRules(text);
}
