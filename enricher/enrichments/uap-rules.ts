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
import { ClauseIndex, requiredClauses } from './uap-prefilter';

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
   * The prefilter (./uap-prefilter.ts): ids, in the parser's ClauseIndex (case-sensitive or, for `i` rules,
   * lower-cased), of the clauses every match satisfies. A user agent that fails one skips the regex. It never
   * changes a result.
   */
  readonly clauses: readonly number[];
  readonly caseInsensitive: boolean;
}

/** The clauses of a rule set's prefilter: those of case-sensitive rules, and those of `i` rules (lower-cased). */
interface RuleClauses {
  readonly caseSensitive: ClauseIndex;
  readonly caseInsensitive: ClauseIndex;
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
  /** Case-sensitive clauses scanned in the user agent being parsed, case-insensitive ones in its lower-cased form. */
  readonly #clauses: RuleClauses;

  constructor(
    readonly userAgentRules: readonly Rule[],
    readonly osRules: readonly Rule[],
    readonly deviceRules: readonly Rule[],
    clauses: RuleClauses,
  ) {
    this.#clauses = clauses;
  }

  parse(userAgent: string): UapResult {
    const ua = userAgent.length > MAX_PARSED_UA_LENGTH ? userAgent.slice(0, MAX_PARSED_UA_LENGTH) : userAgent;
    const lower = this.#scan(ua);
    return { userAgent: this.#userAgent(ua, lower), os: this.#os(ua, lower), device: this.#device(ua, lower) };
  }

  parseUserAgent(ua: string): UaParts {
    return this.#userAgent(ua, this.#scan(ua));
  }

  parseOs(ua: string): UaParts {
    return this.#os(ua, this.#scan(ua));
  }

  parseDevice(ua: string): DeviceParts {
    return this.#device(ua, this.#scan(ua));
  }

  /** Scans `ua` for the rules' clauses; returns its lower-cased form (null: not ASCII, see lowerAscii). */
  #scan(ua: string): string | null {
    this.#clauses.caseSensitive.scan(ua);
    const lower = lowerAscii(ua);
    if (lower !== null) this.#clauses.caseInsensitive.scan(lower);
    return lower;
  }

  /** Whether the rule's clauses are satisfied by the user agent last scanned (true when it cannot tell). */
  #mayMatch(rule: Rule, lower: string | null): boolean {
    const clauses = rule.clauses;
    if (rule.caseInsensitive && lower === null) return true;
    const index = rule.caseInsensitive ? this.#clauses.caseInsensitive : this.#clauses.caseSensitive;
    for (let i = 0; i < clauses.length; i++) if (!index.satisfied(clauses[i])) return false;
    return true;
  }

  #userAgent(ua: string, lower: string | null): UaParts {
    for (const rule of this.userAgentRules) {
      const m = this.#mayMatch(rule, lower) ? rule.regex.exec(ua) : null;
      if (!m) continue;
      const [familyRep, ...versionReps] = rule.replacements;
      const family = nonEmpty(familyRep !== undefined ? familyRep.replace('$1', m[1] ?? '') : m[1]);
      if (family === null) continue;
      const [major, minor, patch, patchMinor] = versionReps.map((rep, i) => nonEmpty(rep !== undefined ? substitute(rep, m) : m[i + 2]));
      return { family, major, minor, patch, patchMinor };
    }
    return OTHER_UA;
  }

  #os(ua: string, lower: string | null): UaParts {
    for (const rule of this.osRules) {
      const m = this.#mayMatch(rule, lower) ? rule.regex.exec(ua) : null;
      if (!m) continue;
      const [family, major, minor, patch, patchMinor] = rule.replacements.map((rep, i) =>
        nonEmpty(rep !== undefined ? substitute(rep, m) : m[i + 1]),
      );
      if (family === null) continue;
      return { family, major, minor, patch, patchMinor };
    }
    return OTHER_UA;
  }

  #device(ua: string, lower: string | null): DeviceParts {
    for (const rule of this.deviceRules) {
      const m = this.#mayMatch(rule, lower) ? rule.regex.exec(ua) : null;
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

/**
 * The lower-cased user agent for case-insensitive prefilters, or null when it has non-ASCII characters (regex case
 * folding and toLowerCase differ there, e.g. for `ı`; those user agents skip the prefilter of `i` rules).
 */
function lowerAscii(ua: string): string | null {
  // eslint-disable-next-line no-control-regex
  return /^[\u0000-\u007f]*$/.test(ua) ? ua.toLowerCase() : null;
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
  const clauses: RuleClauses = { caseSensitive: new ClauseIndex(), caseInsensitive: new ClauseIndex() };
  const compileList = (name: string, keys: readonly string[]): Rule[] => {
    const list = lists[name];
    if (list === undefined) return [];
    if (!Array.isArray(list)) throw new UapRulesError(`${name} must be a list`);
    return list.map((entry: unknown, i) => compileRule(entry, keys, `${name}[${i}]`, clauses));
  };
  const parser = new UapParser(
    compileList('user_agent_parsers', UA_KEYS),
    compileList('os_parsers', OS_KEYS),
    compileList('device_parsers', DEVICE_KEYS),
    clauses,
  );
  if (parser.userAgentRules.length + parser.osRules.length + parser.deviceRules.length === 0) {
    throw new UapRulesError('no rules: expected user_agent_parsers, os_parsers and/or device_parsers');
  }
  return parser;
}

function compileRule(entry: unknown, keys: readonly string[], where: string, index: RuleClauses): Rule {
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
  // Case-insensitive rules look for their literals lower-cased, in the lower-cased user agent.
  const clauseIndex = caseInsensitive ? index.caseInsensitive : index.caseSensitive;
  const required = requiredClauses(e.regex)
    .map((c) => (caseInsensitive ? c.map((l) => l.toLowerCase()) : c))
    // Checked in this order: single literals, longest first (the rarest, usually), then sets, smallest first.
    .sort((a, b) => a.length - b.length || b[0].length - a[0].length);
  const clauses = [...new Set(required.map((c) => clauseIndex.add(c)))];
  return { regex, replacements, clauses, caseInsensitive };
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
