import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { readAppConfig } from './app-config';
import { SleetConfigError } from './config-error';

const dir = mkdtempSync(path.join(tmpdir(), 'sleet-app-config-'));
writeFileSync(path.join(dir, 'good.json'), '{"stackName": "Prod"}');
writeFileSync(path.join(dir, 'broken.json'), '{"stackName": ');

const context = (values: Record<string, unknown>) => (key: string) => values[key];

describe('readAppConfig (CDK context → config input)', () => {
  it('reads a JSON file named by context sleet-config, relative to the working directory', () => {
    expect(readAppConfig(context({ 'sleet-config': 'good.json' }), dir)).toEqual({
      input: { stackName: 'Prod' },
      source: path.join(dir, 'good.json'),
    });
  });

  it('accepts inline context as an object or a JSON string', () => {
    expect(readAppConfig(context({ sleet: { stackName: 'A' } }), dir).input).toEqual({ stackName: 'A' });
    expect(readAppConfig(context({ sleet: '{"stackName":"B"}' }), dir).input).toEqual({ stackName: 'B' });
  });

  it('falls back to the defaults alone', () => {
    expect(readAppConfig(context({}), dir).input).toEqual({});
  });

  it('explains missing files, broken JSON and ambiguous context', () => {
    const message = (values: Record<string, unknown>): string => {
      try {
        readAppConfig(context(values), dir);
      } catch (e) {
        expect(e).toBeInstanceOf(SleetConfigError);
        return (e as Error).message;
      }
      throw new Error('expected an error');
    };
    expect(message({ 'sleet-config': 'missing.json' })).toMatch(/missing\.json[\s\S]*cannot read file/);
    expect(message({ 'sleet-config': 'broken.json' })).toMatch(/not valid JSON/);
    expect(message({ sleet: '{nope' })).toMatch(/context sleet[\s\S]*not valid JSON/);
    expect(message({ sleet: {}, 'sleet-config': 'good.json' })).toMatch(/not both/);
  });
});
