/**
 * Snowplow Micro's REST API on the collector's port (docs.snowplow.io, "Snowplow Micro REST API"):
 *   GET|POST|OPTIONS /micro/all   → {"total","good","bad"}
 *   GET|POST /micro/good          → [GoodEvent]; POST takes {"event_type","schema","contexts","limit"}
 *   GET|POST /micro/bad           → [BadEvent];  POST takes {"vendor","version","limit"}
 *   GET|POST /micro/reset         → {"total":0,"good":0,"bad":0}
 *   GET /micro/iglu/{vendor}/{name}/jsonschema/{version} → the schema, or 404 with the lookup outcome
 * so that test suites written against Micro run against `sleet start`. A malformed filter gets 400 with a reason.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { IgluValidator } from '../../../iglu/types';
import type { BadFilter, GoodFilter, MicroStore } from './micro-store';

const MAX_FILTER_BYTES = 64 * 1024;

export function isMicroPath(url: string | undefined): boolean {
  return url !== undefined && (url === '/micro' || url.startsWith('/micro/') || url.startsWith('/micro?'));
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    'access-control-allow-origin': '*',
    'access-control-allow-headers': 'Content-Type',
    'access-control-allow-methods': 'GET, POST, OPTIONS',
  });
  res.end(text);
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > MAX_FILTER_BYTES) throw new Error(`filter larger than ${MAX_FILTER_BYTES} bytes`);
    chunks.push(c as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (text === '') return {};
  return JSON.parse(text) as unknown;
}

function optionalString(o: Record<string, unknown>, key: string): string | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new Error(`"${key}" must be a string`);
  return v;
}

function optionalLimit(o: Record<string, unknown>): number | undefined {
  const v = o.limit;
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new Error('"limit" must be a non-negative integer');
  return v;
}

function asObject(v: unknown): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error('the filter must be a JSON object');
  return v as Record<string, unknown>;
}

export function parseGoodFilter(v: unknown): GoodFilter {
  const o = asObject(v);
  const contexts = o.contexts;
  if (contexts !== undefined && contexts !== null && (!Array.isArray(contexts) || !contexts.every((c) => typeof c === 'string'))) {
    throw new Error('"contexts" must be an array of schema URIs');
  }
  return { event_type: optionalString(o, 'event_type'), schema: optionalString(o, 'schema'), contexts: (contexts as string[] | null) ?? undefined, limit: optionalLimit(o) };
}

export function parseBadFilter(v: unknown): BadFilter {
  const o = asObject(v);
  return { vendor: optionalString(o, 'vendor'), version: optionalString(o, 'version'), limit: optionalLimit(o) };
}

export function createMicroApi(store: MicroStore, iglu: IgluValidator): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    handle(store, iglu, req, res).catch((err: unknown) => {
      if (!res.headersSent) send(res, 500, { error: err instanceof Error ? err.message : String(err) });
      else res.destroy();
    });
  };
}

async function handle(store: MicroStore, iglu: IgluValidator, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = (req.url ?? '').split('?')[0].replace(/\/+$/, '');
  const method = req.method ?? 'GET';
  if (method === 'OPTIONS') {
    res.writeHead(204, { 'access-control-allow-origin': '*', 'access-control-allow-headers': 'Content-Type', 'access-control-allow-methods': 'GET, POST, OPTIONS' });
    res.end();
    return;
  }
  if (method !== 'GET' && method !== 'POST') return send(res, 405, { error: `${method} is not supported` });
  let body: unknown = {};
  if (method === 'POST') {
    try {
      body = await readJson(req);
    } catch (e) {
      return send(res, 400, { error: `invalid filter: ${(e as Error).message}` });
    }
  }
  try {
    switch (path) {
      case '/micro/all':
        return send(res, 200, store.counts());
      case '/micro/good':
        return send(res, 200, store.good(method === 'POST' ? parseGoodFilter(body) : {}));
      case '/micro/bad':
        return send(res, 200, store.bad(method === 'POST' ? parseBadFilter(body) : {}));
      case '/micro/reset':
        return send(res, 200, store.reset());
    }
  } catch (e) {
    return send(res, 400, { error: `invalid filter: ${(e as Error).message}` });
  }
  const m = /^\/micro\/iglu\/([^/]+)\/([^/]+)\/([^/]+)\/(\d+-\d+-\d+)$/.exec(path);
  if (m !== null && method === 'GET') {
    const uri = `iglu:${m[1]}/${m[2]}/${m[3]}/${m[4]}`;
    try {
      const schema = await iglu.lookupSchema(uri);
      return schema === null ? send(res, 404, { error: 'NotFound', schema: uri }) : send(res, 200, schema);
    } catch (e) {
      return send(res, 502, { error: 'RepoFailure', schema: uri, message: (e as Error).message });
    }
  }
  return send(res, 404, { error: `no such Micro endpoint: ${method} ${path}` });
}
