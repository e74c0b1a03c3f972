import { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Serves the built admin app under /admin, with every unknown /admin/* path answered by its
 * index.html so the app's own router can take it. Missing build: /admin says how to build it.
 */
export function serveAdminApp(app: NestExpressApplication, dir: string): void {
  const index = join(dir, 'index.html');
  app.useStaticAssets(dir, { prefix: '/admin/', index: false, maxAge: '1h', immutable: false });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' || !(req.path === '/admin' || req.path.startsWith('/admin/'))) return next();
    if (!existsSync(index)) {
      res.status(503).type('text/plain').send('Admin app not built: run `npm run build:admin`.');
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
  app.use((req: Request, res: Response, next: NextFunction) => (req.method === 'GET' && req.path === '/' ? res.redirect('/admin/') : next()));
}
