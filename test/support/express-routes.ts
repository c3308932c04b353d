import type { Express } from 'express';

/** One route an Express app serves, its path in OpenAPI template form (`/traces/{traceId}`). */
export interface ServedRoute {
  method: string;
  path: string;
}

interface Layer {
  rawPath?: unknown;
  route?: { methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

/**
 * The routes an Express 5 app serves under `prefix`, read from its router stack (mounted routers
 * included). Regular-expression routes (the web app's catch-all) are left out: they have no template.
 */
export function servedRoutes(app: Express, prefix: string): ServedRoute[] {
  const routes: ServedRoute[] = [];
  const walk = (stack: readonly Layer[], base: string) => {
    for (const layer of stack) {
      if (typeof layer.rawPath !== 'string') continue;
      const path = join(base, layer.rawPath);
      if (layer.route) {
        for (const method of Object.keys(layer.route.methods)) routes.push({ method, path });
      } else if (layer.handle?.stack) {
        walk(layer.handle.stack, path);
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '');
  return routes
    .filter((route) => route.path.startsWith(`${prefix}/`))
    .map((route) => ({ method: route.method, path: toTemplate(route.path.slice(prefix.length)) }));
}

function join(base: string, path: string): string {
  if (path === '/' || path === '') return base;
  return `${base.replace(/\/$/, '')}${path.startsWith('/') ? path : `/${path}`}`;
}

function toTemplate(path: string): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}
