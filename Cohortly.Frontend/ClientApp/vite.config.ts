import { defineConfig, loadEnv } from 'vite';

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
