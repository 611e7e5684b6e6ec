/**
 * Route matching in Snowplow's order (spec/collector.md §1.1). Pure: method + raw path in, a route out.
 */
export type RouteKind =
  | 'redirects-disabled'
  | 'preflight'
  | 'tracking'
  | 'root'
  | 'crossdomain'
  | 'health'
  | 'sink-health'
  | 'robots'
  | 'metrics'
  | 'not-found';

export interface TrackingRoute {
  readonly kind: 'tracking';
  /** The path stored in the payload: the literal path, or its custom mapping (§1.7). */
  readonly path: string;
  /** GET/HEAD answer the pixel and carry Cache-Control; POST answers `ok`. */
  readonly pixelExpected: boolean;
  /** The (mapped) path starts with `/r/` (§1.5). */
  readonly redirect: boolean;
  /** Metric label. */
  readonly label: 'pixel' | 'vendor-get' | 'vendor-post' | 'redirect';
}

export type Route = TrackingRoute | { readonly kind: Exclude<RouteKind, 'tracking'> };

export interface RouteTable {
  readonly enableDefaultRedirect: boolean;
  readonly paths: Readonly<Record<string, string>>;
  readonly rootEnabled: boolean;
  readonly crossDomainEnabled: boolean;
  /** Metrics path when served on the main port, else null. */
  readonly metricsPath: string | null;
}

const SIMPLE: Readonly<Record<string, Route>> = {
  'redirects-disabled': { kind: 'redirects-disabled' },
  preflight: { kind: 'preflight' },
  root: { kind: 'root' },
  crossdomain: { kind: 'crossdomain' },
  health: { kind: 'health' },
  'sink-health': { kind: 'sink-health' },
  robots: { kind: 'robots' },
  metrics: { kind: 'metrics' },
  'not-found': { kind: 'not-found' },
};

/** Index of the slash between the two segments of `/a/b`, or -1 when the path is not exactly two non-empty segments. */
export function twoSegmentSplit(path: string): number {
  if (path.charCodeAt(0) !== 47) return -1;
  const second = path.indexOf('/', 1);
  if (second <= 1 || second === path.length - 1) return -1;
  return path.indexOf('/', second + 1) === -1 ? second : -1;
}

/** Builds the matcher once per config. */
export function createRouter(table: RouteTable): (method: string, path: string) => Route {
  const pixel = (label: TrackingRoute['label'], path: string): TrackingRoute => ({ kind: 'tracking', path, pixelExpected: true, redirect: false, label });
  const PIXEL_I = pixel('pixel', '/i');
  const PIXEL_ICE = pixel('pixel', '/ice.png');

  return (method, path) => {
    const split = twoSegmentSplit(path);
    // 1. /r/<x> while default redirects are disabled: 404 for every method, OPTIONS included.
    if (split === 2 && path.charCodeAt(1) === 114 /* r */ && !table.enableDefaultRedirect) return SIMPLE['redirects-disabled'];
    // 2. OPTIONS anywhere: CORS preflight.
    if (method === 'OPTIONS') return SIMPLE.preflight;
    const getLike = method === 'GET' || method === 'HEAD';
    // 3. Tracking routes.
    if (split > 0 && (getLike || method === 'POST')) {
      const stored = table.paths[path] ?? path;
      const redirect = stored.startsWith('/r/');
      const post = method === 'POST';
      return {
        kind: 'tracking',
        path: stored,
        pixelExpected: !post,
        redirect,
        label: redirect ? 'redirect' : post ? 'vendor-post' : 'vendor-get',
      };
    }
    if (getLike && path === '/i') return PIXEL_I;
    if (getLike && path === '/ice.png') return PIXEL_ICE;
    if (method !== 'GET') return SIMPLE['not-found'];
    // 4.–6. Fixed GET endpoints.
    switch (path) {
      case '/':
        return table.rootEnabled ? SIMPLE.root : SIMPLE['not-found'];
      case '/crossdomain.xml':
        return table.crossDomainEnabled ? SIMPLE.crossdomain : SIMPLE['not-found'];
      case '/health':
        return SIMPLE.health;
      case '/sink-health':
        return SIMPLE['sink-health'];
      case '/robots.txt':
        return SIMPLE.robots;
      default:
        return path === table.metricsPath ? SIMPLE.metrics : SIMPLE['not-found'];
    }
  };
}
