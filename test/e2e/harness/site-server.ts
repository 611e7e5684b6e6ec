/**
 * Serves one campaign site on loopback: HTML pages rendered from a template once every port is known, and the
 * esbuild bundle. Anything else is a 404 (the tracker must not depend on files the site does not have).
 */
import { readFileSync } from 'node:fs';
import { listenOnLoopback, LoopbackServer } from './loopback-server';

export interface SiteServer extends LoopbackServer {
  /** Serves `html` at `path` (exact pathname match; the query string is ignored). */
  setPage(path: string, html: string): void;
}

export async function startSiteServer(bundleFile?: string): Promise<SiteServer> {
  const pages = new Map<string, string>();
  const bundle = bundleFile === undefined ? undefined : readFileSync(bundleFile);
  const server = await listenOnLoopback((req, res) => {
    const path = new URL(req.url ?? '/', 'http://site').pathname;
    const page = pages.get(path);
    if (req.method !== 'GET') {
      res.writeHead(405).end();
    } else if (page !== undefined) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(page);
    } else if (path === '/favicon.ico') {
      res.writeHead(204).end();
    } else if (path === '/bundle.js' && bundle !== undefined) {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' }).end(bundle);
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  return { ...server, setPage: (path, html) => pages.set(path, html) };
}

/** Replaces each `{{NAME}}` in a template with the HTML-attribute-escaped value; an unknown name is an error. */
export function renderTemplate(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{\{([A-Z_]+)\}\}/g, (_m, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`template value ${name} missing`);
    return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  });
}
