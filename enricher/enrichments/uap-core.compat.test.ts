/**
 * uap-core's own test cases (../shared/fixtures/uap-core, see its README) run against our uap-core parser.
 * The npm package `uap-core@0.18.0` ships the regexes.yaml of tag v0.18.0, so it is checked against `v0.18.0/tests`
 * plus `test_resources`; the newer upstream regexes.yaml is checked against its own `tests` too (custom-rules path).
 * Every case must pass: the test names carry the case counts.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { requiredClauses } from './uap-prefilter';
import { compileUapRules, defaultUapParser, UapParser } from './uap-rules';

const FIXTURES = join(__dirname, '../../../shared/fixtures/uap-core');
type Case = Record<string, string | null | undefined> & { user_agent_string: string };

function cases(file: string): Case[] {
  return (parseYaml(readFileSync(join(FIXTURES, file), 'utf8')) as { test_cases: Case[] }).test_cases;
}

const UA_RESOURCES = [
  'test_resources/firefox_user_agent_strings.yaml',
  'test_resources/pgts_browser_list.yaml',
  'test_resources/opera_mini_user_agent_strings.yaml',
  'test_resources/podcasting_user_agent_strings.yaml',
];
const OS_RESOURCES = ['test_resources/additional_os_tests.yaml'];

type Kind = 'ua' | 'os' | 'device';

/** The parser's answer in the test files' vocabulary, and whether it equals the expectation. */
function check(parser: UapParser, kind: Kind, c: Case): { ok: boolean; got: Record<string, string | null> } {
  const want = (k: string) => c[k] ?? null;
  if (kind === 'ua') {
    const r = parser.parseUserAgent(c.user_agent_string);
    const got = { family: r.family, major: r.major, minor: r.minor, patch: r.patch };
    return { ok: Object.entries(got).every(([k, v]) => v === want(k)), got };
  }
  if (kind === 'os') {
    const r = parser.parseOs(c.user_agent_string);
    const got = { family: r.family, major: r.major, minor: r.minor, patch: r.patch, patch_minor: r.patchMinor };
    return { ok: Object.entries(got).every(([k, v]) => v === want(k)), got };
  }
  const r = parser.parseDevice(c.user_agent_string);
  const got = { family: r.family, brand: r.brand, model: r.model };
  return { ok: Object.entries(got).every(([k, v]) => v === want(k)), got };
}

const SUITES: Array<{ rules: string; parser: () => UapParser; files: Record<Kind, string[]> }> = [
  {
    rules: 'npm uap-core@0.18.0 (v0.18.0)',
    parser: defaultUapParser,
    files: {
      ua: ['v0.18.0/tests/test_ua.yaml', ...UA_RESOURCES],
      os: ['v0.18.0/tests/test_os.yaml', ...OS_RESOURCES],
      device: ['v0.18.0/tests/test_device.yaml'],
    },
  },
  {
    rules: 'upstream master regexes.yaml as a custom rules file',
    parser: () => compileUapRules(readFileSync(join(FIXTURES, 'regexes.yaml'), 'utf8')),
    files: {
      ua: ['tests/test_ua.yaml', ...UA_RESOURCES],
      os: ['tests/test_os.yaml', ...OS_RESOURCES],
      device: ['tests/test_device.yaml'],
    },
  },
];

const available = existsSync(FIXTURES);
(available ? describe : describe.skip)('uap-core test cases', () => {
  for (const suite of SUITES) {
    describe(suite.rules, () => {
      for (const kind of ['ua', 'os', 'device'] as const) {
        const all = available ? suite.files[kind].flatMap((f) => cases(f).map((c) => ({ file: f, c }))) : [];
        it(`${kind}: all ${all.length} cases pass`, () => {
          const parser = suite.parser();
          const failures = all
            .map(({ file, c }, i) => ({ file, i, c, ...check(parser, kind, c) }))
            .filter((r) => !r.ok)
            .map((r) => ({ file: r.file, index: r.i, ua: r.c.user_agent_string, got: r.got }));
          expect(failures.slice(0, 20)).toEqual([]);
          expect(all.length).toBeGreaterThan(0);
        });
      }
    });
  }
});

(available ? describe : describe.skip)('uap prefilter soundness on the uap-core test user agents', () => {
  it('never rejects a user agent that a rule of the npm regexes.yaml matches', () => {
    const doc = parseYaml(readFileSync(require.resolve('uap-core/regexes.yaml'), 'utf8')) as Record<string, Array<{ regex: string; regex_flag?: string }>>;
    const files = [...SUITES[0].files.ua, ...SUITES[0].files.os, ...SUITES[0].files.device];
    const userAgents = [...new Set(files.flatMap((f) => cases(f).map((c) => c.user_agent_string)))];
    let rejected = 0;
    const unsound: string[] = [];
    for (const list of ['user_agent_parsers', 'os_parsers', 'device_parsers']) {
      for (const rule of doc[list]) {
        const insensitive = rule.regex_flag === 'i';
        const regex = new RegExp(rule.regex, insensitive ? 'i' : '');
        const clauses = requiredClauses(rule.regex).map((c) => (insensitive ? c.map((l) => l.toLowerCase()) : c));
        if (clauses.length === 0) continue;
        for (const ua of userAgents) {
          // eslint-disable-next-line no-control-regex
          const text = insensitive ? (/^[\u0000-\u007f]*$/.test(ua) ? ua.toLowerCase() : null) : ua;
          if (text === null || clauses.every((c) => c.some((l) => text.includes(l)))) continue;
          rejected++;
          if (regex.test(ua)) unsound.push(`${rule.regex} ${ua}`);
        }
      }
    }
    expect(unsound.slice(0, 10)).toEqual([]);
    expect(rejected).toBeGreaterThan(1_000_000);
  });
});
