import { defineConfig, loadEnv, type Plugin } from 'vite';

/**
 * Writes `route-table.json` beside index.html: the path patterns of src/routes.tsx, so the server answers
 * an unknown page path with HTTP 404 (and the app's not-found page) without keeping a copy of the table.
 * Read as source text before it is compiled: routes.tsx imports every page, so it cannot be run here.
 */
function routeTable(): Plugin {
  let source: string | null = null;
  return {
    name: 'cohortly-route-table',
    enforce: 'pre',
    transform(code, id) {
      if (id.replace(/\\/g, '/').endsWith('/src/routes.tsx')) source = code;
      return null;
    },
    generateBundle() {
      if (source === null) return this.error('src/routes.tsx was not part of the build');
      const start = source.indexOf('export const routes');
      const end = source.indexOf('\n];', start);
      if (start < 0 || end < 0) this.error('src/routes.tsx has no `export const routes = [ … ];` table');
      const paths = [...source.slice(start, end).matchAll(/\bpath:\s*'([^']+)'/g)].map((m) => m[1]);
      if (paths.length === 0) this.error('no routes found in src/routes.tsx');
      this.emitFile({ type: 'asset', fileName: 'route-table.json', source: JSON.stringify({ paths }, null, 2) });
    },
  };
}

// The web shell is a static SPA. `npm run build` writes it into the Frontend's wwwroot,
// which ASP.NET Core serves (with index.html as the fallback for non-API paths).
//
// `npm run dev` serves it with hot reload and forwards the server-owned paths to a running
// backend: set COHORTLY_API_URL (default http://localhost:5000).
export default defineConfig(({ mode }) => {
  const env = loadEnv(mode, '.', 'COHORTLY_');
  const backend = env.COHORTLY_API_URL ?? 'http://localhost:5000';
  const proxied = ['/api', '/hubs', '/dashboard', '/api-reference', '/openapi', '/health', '/dev'];

  return {
    plugins: [routeTable()],
    oxc: {
      jsx: { runtime: 'automatic', importSource: 'preact' },
    },
    build: {
      outDir: '../wwwroot',
      emptyOutDir: true,
      // The CSP allows data: only for images: never inline fonts or other assets as data URIs.
      assetsInlineLimit: 0,
      // No inline polyfill script (script-src 'self').
      modulePreload: { polyfill: false },
      target: 'es2022',
      sourcemap: false,
    },
    server: {
      proxy: Object.fromEntries(
        proxied.map((p) => [p, { target: backend, changeOrigin: false, ws: p === '/hubs' }]),
      ),
    },
  };
});
