import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * The admin app is served by the API from <repo>/dist/admin under /admin/ (same origin as /api/v1).
 * `npx vite --config apps/admin/vite.config.mts` runs it with hot reload against an API on :3000.
 * Build with NODE_ENV=production (as `npm run build:admin` does): Vite follows NODE_ENV, and jest or the
 * .env of `npm run dev` would otherwise give a development build of React.
 */
export default defineConfig({
  root: here('.'),
  base: '/admin/',
  plugins: [react()],
  resolve: {
    alias: { '@bi-fonts': here('../../node_modules/bootstrap-italia/dist/fonts') },
  },
  build: {
    outDir: here('../../dist/admin'),
    emptyOutDir: true,
    // design-react-kit's icons are one small chunk each, loaded on demand.
    chunkSizeWarningLimit: 1200,
  },
  server: {
    port: 5173,
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
});
