import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../../common/logger';
import { FileSink } from './file-sink';

describe('FileSink', () => {
  it('appends base64 lines without padding (Snowplow stdout format) and resolves after the write', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sleet-file-sink-'));
    try {
      const sink = new FileSink({ name: 'good', path: join(dir, 'sub', 'good.b64'), format: 'base64', fsync: true, log: silentLogger() });
      await sink.start();
      await Promise.all([sink.write([{ data: Buffer.from('a'), partitionKey: 'k' }]), sink.write([{ data: Buffer.from('bc'), partitionKey: 'k' }, { data: Buffer.from('def'), partitionKey: 'k' }])]);
      await sink.stop();
      expect(readFileSync(join(dir, 'sub', 'good.b64'), 'utf8')).toBe('YQ\nYmM\nZGVm\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('writes text records one per line (bad rows)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sleet-file-sink-'));
    try {
      const sink = new FileSink({ name: 'bad', path: join(dir, 'bad.jsonl'), format: 'text', fsync: false, log: silentLogger() });
      await sink.start();
      await sink.write([{ data: Buffer.from('{"a":1}'), partitionKey: 'k' }]);
      await sink.stop();
      expect(readFileSync(join(dir, 'bad.jsonl'), 'utf8')).toBe('{"a":1}\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
