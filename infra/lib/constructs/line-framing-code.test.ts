import * as vm from 'node:vm';
import { LINE_FRAMING_CODE } from './line-framing-code';

interface FramingModule {
  handler(event: { records: Array<{ recordId: string; data: string }> }): Promise<{
    records: Array<{ recordId: string; result: string; data: string }>;
  }>;
}

/** Evaluates the exact source that is deployed inline, with a given LINE_FORMAT. */
function load(format: string | undefined): FramingModule {
  const module = { exports: {} as FramingModule };
  vm.runInNewContext(LINE_FRAMING_CODE, { module, exports: module.exports, Buffer, process: { env: { LINE_FORMAT: format } } });
  return module.exports;
}

const b64 = (b: Buffer | string): string => Buffer.from(b).toString('base64');
const decoded = (data: string): Buffer => Buffer.from(data, 'base64');

describe('Firehose line framing (inline Lambda source)', () => {
  it('base64: each binary record becomes exactly one base64 line that decodes back to the record', async () => {
    const binary = Buffer.from([0x0b, 0x00, 0x64, 0x0a, 0x00, 0xff, 0x0a]); // contains newline bytes
    const out = await load('base64').handler({ records: [{ recordId: 'a', data: b64(binary) }, { recordId: 'b', data: '' }] });
    expect(out.records.map((r) => [r.recordId, r.result])).toEqual([
      ['a', 'Ok'],
      ['b', 'Ok'],
    ]);
    const line = decoded(out.records[0]?.data ?? '').toString('latin1');
    expect(line.endsWith('\n')).toBe(true);
    expect(line.slice(0, -1)).not.toContain('\n');
    expect(Buffer.from(line.slice(0, -1), 'base64')).toEqual(binary);
    expect(decoded(out.records[1]?.data ?? '').toString()).toBe('\n');
  });

  it('text: appends a newline unless the record already ends with one', async () => {
    const json = '{"schema":"iglu:com.snowplowanalytics.snowplow.badrows/size_violation/jsonschema/1-0-0","data":{}}';
    const out = await load('text').handler({
      records: [
        { recordId: '1', data: b64(json) },
        { recordId: '2', data: b64(`${json}\n`) },
        { recordId: '3', data: b64('é ünïcode') },
      ],
    });
    expect(out.records.map((r) => decoded(r.data).toString('utf8'))).toEqual([`${json}\n`, `${json}\n`, 'é ünïcode\n']);
  });

  it('defaults to text framing when LINE_FORMAT is unset', async () => {
    const out = await load(undefined).handler({ records: [{ recordId: 'x', data: b64('abc') }] });
    expect(decoded(out.records[0]?.data ?? '').toString()).toBe('abc\n');
  });
});
