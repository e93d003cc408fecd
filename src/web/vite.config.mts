/**
 * The explorer, the dashboard and the find page, built into dist/web for the hub to serve (src/http/pages.ts): everything they
 * load, Monaco's workers and fonts included, comes from npm packages at build time, never from a CDN.
 */
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

const root = import.meta.dirname;

export default defineConfig({
  root,
  // the hub serves the hashed files under /web/assets/ (immutable) and the pages at /explorer, /dashboard and /find
  base: '/web/',
  publicDir: false,
  logLevel: 'warn',
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: resolve(root, '../../dist/web'),
    emptyOutDir: true,
    // Monaco alone is a few megabytes: the pages load once and are cached for good
    chunkSizeWarningLimit: 6000,
    rolldownOptions: {
      input: {
        explorer: resolve(root, 'explorer/index.html'),
        dashboard: resolve(root, 'dashboard/index.html'),
        find: resolve(root, 'find/index.html'),
      },
      onwarn(warning, warn) {
        // the "use client" marks of React server components mean nothing in a page bundle
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  worker: { format: 'es' },
});
