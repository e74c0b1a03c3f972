import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const REPO = join(__dirname, '..', '..', '..');
export const ADMIN_DIST = join(REPO, 'dist', 'admin');
const SOURCES = ['apps/admin/src', 'apps/admin/index.html', 'apps/admin/vite.config.mts'].map((p) => join(REPO, p));

function newestChange(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((newest, name) => Math.max(newest, newestChange(join(path, name))), stat.mtimeMs);
}

/**
 * The built admin app, built here first when dist/admin/index.html is missing or older than any source
 * file (so the test never runs against a stale build). `npm run build:admin` also type-checks; this
 * fallback only bundles, like the last step of that script.
 */
export function ensureAdminBuild(): string {
  const index = join(ADMIN_DIST, 'index.html');
  const builtAt = existsSync(index) ? statSync(index).mtimeMs : 0;
  const changedAt = Math.max(...SOURCES.map(newestChange));
  if (builtAt < changedAt) {
    execFileSync(join(REPO, 'node_modules', '.bin', 'vite'), ['build', '--config', 'apps/admin/vite.config.mts', '--logLevel', 'warn'], {
      cwd: REPO,
      stdio: 'inherit',
      env: { ...process.env, NODE_ENV: 'production' }, // jest's "test" would give React's development build
    });
  }
  return ADMIN_DIST;
}
