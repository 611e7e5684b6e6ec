import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildConfig, ConfigError, loadConfig } from './load-config';

const schema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    port: { type: 'integer', minimum: 0, maximum: 65535, default: 8080 },
    sink: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: { streamName: { type: 'string', default: 'raw' }, mode: { enum: ['durable', 'buffered'], default: 'durable' } },
    },
  },
};
interface Cfg {
  port: number;
  sink: { streamName: string; mode: string };
}

describe('config loading', () => {
  it('fills defaults and freezes', () => {
    const c = buildConfig<Cfg>({}, 'x', { schema });
    expect(c).toEqual({ port: 8080, sink: { streamName: 'raw', mode: 'durable' } });
    expect(Object.isFrozen(c.sink)).toBe(true);
  });

  it('reports every problem with its key path at once', () => {
    try {
      buildConfig({ port: 'x', extra: 1, sink: { mode: 'fast', nope: true } }, 'file.yaml', { schema });
      throw new Error('expected failure');
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const problems = (e as ConfigError).problems;
      expect(problems).toEqual(
        expect.arrayContaining(['port: must be integer', 'extra: unknown key', 'sink.nope: unknown key', 'sink.mode: must be one of ["durable","buffered"]']),
      );
    }
  });

  it('applies env overrides with type checks', () => {
    const overrides = [
      { env: 'PORT', path: ['port'], type: 'integer' as const },
      { env: 'STREAM', path: ['sink', 'streamName'], type: 'string' as const },
    ];
    expect(buildConfig<Cfg>({}, 'x', { schema, envOverrides: overrides, env: { PORT: '9', STREAM: 's' } })).toMatchObject({ port: 9, sink: { streamName: 's' } });
    expect(() => buildConfig({}, 'x', { schema, envOverrides: overrides, env: { PORT: 'nine' } })).toThrow(/PORT: expected integer/);
  });

  it('reads YAML and JSON files and names unreadable ones', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sleet-cfg-'));
    writeFileSync(join(dir, 'a.yaml'), 'port: 1234\nsink:\n  streamName: s\n');
    writeFileSync(join(dir, 'b.json'), '{"port": 1}');
    writeFileSync(join(dir, 'c.json'), '{"port": ');
    expect(loadConfig<Cfg>(join(dir, 'a.yaml'), { schema }).port).toBe(1234);
    expect(loadConfig<Cfg>(join(dir, 'b.json'), { schema }).port).toBe(1);
    expect(() => loadConfig(join(dir, 'c.json'), { schema })).toThrow(/cannot parse/);
    expect(() => loadConfig(join(dir, 'missing.yaml'), { schema })).toThrow(/cannot read file/);
  });
});
