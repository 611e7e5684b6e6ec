/**
 * AWS Signature Version 4 for the one request shape the lean PutRecords client sends: `POST /` with a JSON body
 * and a few `x-amz-*` headers (docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html).
 * The derived signing key is kept per day, region and secret, so a call costs one SHA-256 of the body, one of the
 * canonical request and one HMAC. collector/sinks/sigv4.test.ts checks it against the SDK's own signer.
 */
import { createHash, createHmac } from 'node:crypto';

export interface SigningCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

export interface SignedHeaders {
  /** Header name (lower case) → value, every header the signature covers plus `authorization`. */
  readonly [name: string]: string;
}

const ALGORITHM = 'AWS4-HMAC-SHA256';

/** `20150830T123600Z` from a time in ms. */
export function amzDate(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}T${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
}

export class SigV4Signer {
  readonly #region: string;
  readonly #service: string;
  #keyFor = '';
  #key: Buffer = Buffer.alloc(0);

  constructor(region: string, service: string) {
    this.#region = region;
    this.#service = service;
  }

  /**
   * Headers to send with `POST /` to `host`: the given `x-amz-*`/content headers, `host`, `x-amz-date`,
   * `x-amz-security-token` (temporary credentials) and `authorization`. `headers` names must be lower case.
   */
  sign(host: string, headers: Readonly<Record<string, string>>, body: Buffer, credentials: SigningCredentials, nowMs: number): SignedHeaders {
    const date = amzDate(nowMs);
    const day = date.slice(0, 8);
    const all: Record<string, string> = { ...headers, host, 'x-amz-date': date };
    if (credentials.sessionToken !== undefined && credentials.sessionToken !== '') all['x-amz-security-token'] = credentials.sessionToken;
    const names = Object.keys(all).sort();
    let canonicalHeaders = '';
    for (const n of names) canonicalHeaders += `${n}:${all[n].trim().replace(/\s+/g, ' ')}\n`;
    const signedHeaders = names.join(';');
    const payloadHash = createHash('sha256').update(body).digest('hex');
    const canonicalRequest = `POST\n/\n\n${canonicalHeaders}\n${signedHeaders}\n${payloadHash}`;
    const scope = `${day}/${this.#region}/${this.#service}/aws4_request`;
    const stringToSign = `${ALGORITHM}\n${date}\n${scope}\n${createHash('sha256').update(canonicalRequest).digest('hex')}`;
    const signature = createHmac('sha256', this.#signingKey(day, credentials.secretAccessKey)).update(stringToSign).digest('hex');
    all.authorization = `${ALGORITHM} Credential=${credentials.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
    return all;
  }

  #signingKey(day: string, secret: string): Buffer {
    const id = `${day}\n${secret}`;
    if (id !== this.#keyFor) {
      const hmac = (key: string | Buffer, text: string): Buffer => createHmac('sha256', key).update(text).digest();
      this.#key = hmac(hmac(hmac(hmac(`AWS4${secret}`, day), this.#region), this.#service), 'aws4_request');
      this.#keyFor = id;
    }
    return this.#key;
  }
}
