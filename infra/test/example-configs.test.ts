import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { resolveConfig } from '../lib/config/resolve-config';

const dir = path.join(__dirname, '..', 'config');

describe('infra/config examples', () => {
  const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

  it('exist', () => {
    expect(files).toEqual(expect.arrayContaining(['example.json', 'example-existing-certificate.json', 'example-test-http.json']));
  });

  it.each(files)('%s is a valid deployment config', (file) => {
    const input = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as unknown;
    expect(() => resolveConfig(input, file)).not.toThrow();
  });
});
