import { parseConfigArgs } from './config-command';

describe('parseConfigArgs', () => {
  it('reads --config in both forms, --check and --help', () => {
    expect(parseConfigArgs(['--config', 'a.yaml', '--check'])).toEqual({ config: 'a.yaml', check: true, help: false });
    expect(parseConfigArgs(['--config=b.json'])).toEqual({ config: 'b.json', check: false, help: false });
    expect(parseConfigArgs(['-c', 'c.yaml', '-h'])).toEqual({ config: 'c.yaml', check: false, help: true });
  });

  it('reports a missing value and unknown options', () => {
    expect(parseConfigArgs(['--config']).error).toBe('--config needs a file');
    expect(parseConfigArgs(['--port', '1']).error).toBe('unknown option "--port"');
  });
});
