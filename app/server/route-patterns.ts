import type { ServerBuild } from '@remix-run/node';
import type { RouteLabel } from '../../protocol/request-observer.ts';

interface Pattern {
  route: string;
  regex: RegExp;
  score: number;
}

/** Paths Express answers before Remix: probes, the scrape, static files (public/). */
const OWN_ROUTES: Array<[RegExp, RouteLabel]> = [
  [/^\/healthz$/, { route: '/healthz', quiet: true }],
  [/^\/readyz$/, { route: '/readyz', quiet: true }],
  [/^\/metrics$/, { route: '/metrics', quiet: true }],
  [/^\/build\//, { route: '/build/*', quiet: true }],
  [/^\/editor\//, { route: '/editor/*', quiet: true }],
];

/**
 * Maps a request path to the Remix route pattern it matches, ids collapsed
 * (`/api/interview/:id/run-tests`), so HTTP latency has one series per route
 * and not one per interview. Built once from the server build's route
 * manifest; a path that matches no route is `unmatched`.
 */
export function routeLabeler(build: ServerBuild): (path: string) => RouteLabel {
  const patterns = routePatterns(build);
  return (path) => {
    for (const [regex, label] of OWN_ROUTES) {
      if (regex.test(path)) return label;
    }
    let best: Pattern | null = null;
    for (const pattern of patterns) {
      if (pattern.regex.test(path) && (!best || pattern.score > best.score)) best = pattern;
    }
    return { route: best?.route ?? 'unmatched', quiet: false };
  };
}

function routePatterns(build: ServerBuild): Pattern[] {
  const routes = build.routes;
  const fullPath = (id: string): string => {
    const route = routes[id];
    if (!route) return '';
    const parent = route.parentId ? fullPath(route.parentId) : '';
    return [parent, route.path ?? ''].filter(Boolean).join('/');
  };
  const seen = new Map<string, Pattern>();
  for (const id of Object.keys(routes)) {
    const path = fullPath(id);
    const route = `/${path}`;
    if (!seen.has(route)) seen.set(route, compile(route));
  }
  return [...seen.values()];
}

/** As React Router ranks them: a static segment beats a parameter, which beats a splat. */
function compile(route: string): Pattern {
  const segments = route.split('/').filter(Boolean);
  let score = segments.length;
  const parts = segments.map((segment) => {
    if (segment === '*') {
      score -= 2;
      return '(?:/.*)?';
    }
    if (segment.startsWith(':')) {
      score += 3;
      return segment.endsWith('?') ? '(?:/[^/]+)?' : '/[^/]+';
    }
    score += 10;
    return `/${segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`;
  });
  return { route, regex: new RegExp(`^${parts.join('')}/?$`), score };
}
