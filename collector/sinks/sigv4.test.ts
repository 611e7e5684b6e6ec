/**
 * The lean SigV4 signer against the AWS SDK's own (@smithy/signature-v4, what PutRecordsCommand signs with): same
 * request, same time, same credentials → the same Authorization header, with and without a session token, across
 * a day boundary (the cached signing key must follow the date).
 */
import { createHash, createHmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import { amzDate, SigV4Signer } from './sigv4';

function bytes(d: string | ArrayBuffer | ArrayBufferView): Buffer {
  if (typeof d === 'string') return Buffer.from(d, 'utf8');
  if (ArrayBuffer.isView(d)) return Buffer.from(d.buffer, d.byteOffset, d.byteLength);
  return Buffer.from(d);
}

/** The SDK signer's hash interface over node:crypto. */
class Sha256 {
  readonly #parts: Buffer[] = [];
  readonly #secret: Buffer | undefined;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.#secret = secret === undefined ? undefined : bytes(secret);
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.#parts.push(bytes(data));
  }
  async digest(): Promise<Uint8Array> {
    const data = Buffer.concat(this.#parts);
    return this.#secret === undefined ? createHash('sha256').update(data).digest() : createHmac('sha256', this.#secret).update(data).digest();
  }
}

async function sdkAuthorization(host: string, body: Buffer, credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }, at: Date): Promise<Record<string, string>> {
  const signer = new SignatureV4({ service: 'kinesis', region: 'eu-west-1', credentials, sha256: Sha256, applyChecksum: false });
  const signed = await signer.sign(
    {
      method: 'POST',
      protocol: 'https:',
      hostname: host,
      path: '/',
      query: {},
      headers: { host, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'Kinesis_20131202.PutRecords', 'content-length': String(body.length) },
      body,
    },
    { signingDate: at },
  );
  return signed.headers as Record<string, string>;
}

describe('SigV4Signer', () => {
  const host = 'kinesis.eu-west-1.amazonaws.com';
  const body = Buffer.from('{"StreamName":"raw","Records":[{"Data":"AAEC","PartitionKey":"k"}]}');
  const headers = { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'Kinesis_20131202.PutRecords' };

  it('formats x-amz-date', () => {
    expect(amzDate(Date.UTC(2015, 7, 30, 12, 36, 0))).toBe('20150830T123600Z');
  });

  it.each([
    ['long-term credentials', { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' }],
    ['temporary credentials', { accessKeyId: 'ASIAEXAMPLE', secretAccessKey: 'secret/with+chars', sessionToken: 'FQoGZXIvYXdzEXAMPLETOKEN==' }],
  ])('signs like the SDK (%s), also on the next day', async (_, credentials) => {
    const signer = new SigV4Signer('eu-west-1', 'kinesis');
    for (const at of [new Date(Date.UTC(2026, 10, 22, 23, 59, 58)), new Date(Date.UTC(2026, 10, 23, 0, 0, 1))]) {
      // Same header set on both sides (x-amz-content-sha256, which the SDK signer adds unless told not to, is
      // needed only by S3).
      const ours = signer.sign(host, { ...headers, 'content-length': String(body.length) }, body, credentials, at.getTime());
      const sdk = await sdkAuthorization(host, body, credentials, at);
      expect(ours.authorization).toBe(sdk.authorization);
      expect(ours['x-amz-date']).toBe(sdk['x-amz-date']);
      expect(ours['x-amz-security-token']).toBe(sdk['x-amz-security-token']);
    }
  });

  it('changes the signature when the body changes', () => {
    const signer = new SigV4Signer('eu-west-1', 'kinesis');
    const credentials = { accessKeyId: 'AKID', secretAccessKey: 'secret' };
    const a = signer.sign(host, headers, body, credentials, 0).authorization;
    const b = signer.sign(host, headers, Buffer.concat([body, Buffer.from(' ')]), credentials, 0).authorization;
    expect(a).not.toBe(b);
  });
});
