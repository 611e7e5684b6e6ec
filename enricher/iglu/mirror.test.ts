import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { IgluStaticServer, startIgluStaticServer } from '../../test/harness/iglu-static-server';
import { createIgluValidator } from './create-iglu-validator';
import { mirrorSchemas, MirrorError, vendorMatches } from './mirror';
import { igluSchema, resolverConfig, tempRepo, TempRepo } from './test/schema-fixtures';

const A = 'com.acme/signup/jsonschema/1-0-0';
const A2 = 'com.acme/signup/jsonschema/1-0-1';
const SUB = 'com.acme.marketing/click/jsonschema/1-0-0';
const OTHER = 'com.acmecorp/thing/jsonschema/1-0-0';
const BAD = 'com.acme/lies/jsonschema/1-0-0';

let source: TempRepo;
let out: string;
let servers: IgluStaticServer[] = [];
const noSleep = { sleep: async () => undefined };

beforeEach(() => {
  source = tempRepo();
  for (const p of [A, A2, SUB, OTHER]) source.write(p, igluSchema(p, { type: 'object', description: `schema ${p}` }));
  source.write(BAD, igluSchema('com.acme/other/jsonschema/1-0-0', {}));
  out = mkdtempSync(join(tmpdir(), 'sleet-mirror-'));
});
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
  source.remove();
  rmSync(out, { recursive: true, force: true });
});

async function serve(opts: Partial<Parameters<typeof startIgluStaticServer>[0]> = {}): Promise<IgluStaticServer> {
  const s = await startIgluStaticServer({ root: source.root, ...opts });
  servers.push(s);
  return s;
}

test('vendor filter: the vendor itself and its sub-vendors, not look-alikes', () => {
  expect(vendorMatches('com.acme', ['com.acme'])).toBe(true);
  expect(vendorMatches('com.acme.marketing', ['com.acme'])).toBe(true);
  expect(vendorMatches('com.acmecorp', ['com.acme'])).toBe(false);
  expect(vendorMatches('anything', [])).toBe(true);
});

test('from an Iglu Server: the listing API with the apikey, filtered by vendor, byte for byte', async () => {
  const server = await serve({ mode: 'iglu-server', apikey: 'read-key' });
  const report = await mirrorSchemas({ from: server.uri, to: out, vendors: ['com.acme'], apikey: 'read-key', ...noSleep });
  expect(report).toEqual({
    source: 'listing',
    written: [`iglu:${SUB}`, `iglu:${A}`, `iglu:${A2}`],
    updated: [],
    unchanged: [],
    failed: [{ uri: `iglu:${BAD}`, reason: expect.stringContaining('self describes com.acme/other') }],
    ignored: [],
  });
  expect(server.requests.every((r) => r.headers.apikey === 'read-key')).toBe(true);
  expect(server.requests[0]?.url).toBe('/api/schemas?repr=uri');
  expect(readFileSync(join(out, 'schemas', ...A.split('/')), 'utf8')).toBe(readFileSync(join(source.root, 'schemas', ...A.split('/')), 'utf8'));
  expect(existsSync(join(out, 'schemas', ...BAD.split('/')))).toBe(false);
  expect(existsSync(join(out, 'schemas', ...OTHER.split('/')))).toBe(false);

  // The mirror is an embedded repository.
  const v = createIgluValidator(resolverConfig([{ name: 'mirror', embedded: out }]), { bundledSchemasDir: false });
  await expect(v.validate(`iglu:${SUB}`, {})).resolves.toEqual({ ok: true });

  // A second run changes nothing; a changed upstream file is reported as updated.
  source.write(A2, igluSchema(A2, { type: 'object', description: 'patched' }));
  const again = await mirrorSchemas({ from: server.uri, to: out, vendors: ['com.acme'], apikey: 'read-key', ...noSleep });
  expect(again.unchanged).toEqual([`iglu:${SUB}`, `iglu:${A}`]);
  expect(again.updated).toEqual([`iglu:${A2}`]);
});

test('an Iglu Server refusing the apikey fails clearly', async () => {
  const server = await serve({ mode: 'iglu-server', apikey: 'read-key' });
  await expect(mirrorSchemas({ from: server.uri, to: out, vendors: [], apikey: 'wrong', ...noSleep })).rejects.toThrow(/HTTP 401/);
});

test('a static registry has no listing: explicit keys are required, and then work', async () => {
  const s = await serve();
  await expect(mirrorSchemas({ from: s.uri, to: out, vendors: ['com.acme'], ...noSleep })).rejects.toThrow(MirrorError);
  await expect(mirrorSchemas({ from: s.uri, to: out, vendors: ['com.acme'], ...noSleep })).rejects.toThrow(/--schema/);
  const report = await mirrorSchemas({
    from: s.uri,
    to: out,
    vendors: [],
    schemaUris: [`iglu:${A}`, `iglu:${A}`, 'iglu:com.acme/missing/jsonschema/1-0-0', 'not-a-key'],
    ...noSleep,
  });
  expect(report.written).toEqual([`iglu:${A}`]);
  expect(report.failed).toEqual([{ uri: 'iglu:com.acme/missing/jsonschema/1-0-0', reason: 'not found' }]);
  expect(report.ignored).toEqual(['not-a-key (INVALID_IGLUURI)']);
});

test("a static registry with igluctl's list objects is listed; transient 5xx are retried", async () => {
  const s = await serve({ lists: true });
  s.failNext(1, { status: 503 });
  await expect(mirrorSchemas({ from: s.uri, to: out, vendors: ['com.acme.marketing'], ...noSleep })).rejects.toThrow(/HTTP 503/);
  s.failNext(2, { status: 500 }, SUB);
  const report = await mirrorSchemas({ from: s.uri, to: out, vendors: ['com.acme.marketing'], ...noSleep });
  expect(report).toMatchObject({ source: 'listing', written: [`iglu:${SUB}`], failed: [] });
  expect(s.requestsFor(SUB)).toHaveLength(3);
  s.failNext(4, { status: 500 }, SUB);
  source.write(SUB, igluSchema(SUB, { type: 'object', description: 'changed' }));
  const failing = await mirrorSchemas({ from: s.uri, to: out, vendors: ['com.acme.marketing'], ...noSleep });
  expect(failing.failed).toEqual([{ uri: `iglu:${SUB}`, reason: expect.stringContaining('HTTP 500') }]);
});

test('dry run writes nothing', async () => {
  const s = await serve({ lists: true });
  const report = await mirrorSchemas({ from: s.uri, to: out, vendors: ['com.acme'], dryRun: true, ...noSleep });
  expect(report.written.length).toBe(3);
  expect(existsSync(join(out, 'schemas'))).toBe(false);
});

test('`sleet schemas mirror` end to end: exit status and summary', async () => {
  const s = await serve();
  const keys = join(out, 'keys.txt');
  writeFileSync(keys, `# schemas we need\niglu:${A}\n\niglu:${SUB}  # marketing\n`);
  const target = join(out, 'mirror');
  const result = await new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => {
    const child = spawn(process.execPath, [resolve(__dirname, '../../bin/sleet.js'), 'schemas', 'mirror', '--from', s.uri, '--to', target, '--keys', keys], {
      env: { ...process.env, SLEET_FROM_SOURCE: '1' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
  expect(result).toEqual({
    code: 0,
    stdout: `new        iglu:${SUB}\nnew        iglu:${A}\nmirrored 2 schemas from the given keys (2 new, 0 updated, 0 unchanged), 0 failed\n`,
    stderr: '',
  });
  expect(existsSync(join(target, 'schemas', ...SUB.split('/')))).toBe(true);
}, 30_000);
