import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

const SAFE_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** Tags each request with an id (a caller's X-Request-Id if it is sane) for errors, logs and audit. */
export function requestId(req: Request & { id?: string }, res: Response, next: NextFunction): void {
  const given = req.header('x-request-id');
  req.id = given && SAFE_ID.test(given) ? given : randomUUID();
  res.setHeader('X-Request-Id', req.id);
  next();
}
