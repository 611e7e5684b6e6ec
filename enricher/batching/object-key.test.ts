import { normalisePrefix, objectKey } from './object-key';

describe('objectKey', () => {
  const base = {
    partition: 'dt=2024-05-01/hr=10',
    stream: 'sleet-raw',
    shardId: 'shardId-000000000001',
    firstSequenceNumber: '49654800000000000000000000000000000000000000000000000018',
  };

  it('builds the documented layout for good and bad objects', () => {
    expect(objectKey({ ...base, prefix: 'enriched', kind: 'good' })).toBe(
      'enriched/good/dt=2024-05-01/hr=10/sleet-raw-shardId-000000000001-49654800000000000000000000000000000000000000000000000018.tsv.gz',
    );
    expect(objectKey({ ...base, prefix: '', kind: 'bad' })).toBe(
      'bad/dt=2024-05-01/hr=10/sleet-raw-shardId-000000000001-49654800000000000000000000000000000000000000000000000018.jsonl.gz',
    );
  });

  it('depends on nothing but its parts', () => {
    expect(objectKey({ ...base, prefix: 'p', kind: 'good' })).toBe(objectKey({ ...base, prefix: 'p/', kind: 'good' }));
  });

  it('keeps hostile names inside one path segment', () => {
    const key = objectKey({ ...base, prefix: 'p', kind: 'good', stream: '../../etc', shardId: 'a/b c' });
    expect(key).toBe(`p/good/dt=2024-05-01/hr=10/.._.._etc-a_b_c-${base.firstSequenceNumber}.tsv.gz`);
  });

  it('normalises prefixes', () => {
    expect(normalisePrefix('')).toBe('');
    expect(normalisePrefix('/')).toBe('');
    expect(normalisePrefix('/a/b/')).toBe('a/b/');
    expect(normalisePrefix('a')).toBe('a/');
  });
});
