import { HttpException } from '@nestjs/common';
import express, { NextFunction, Request, RequestHandler, Response } from 'express';
import { fromBodyParser } from './error-body';
import { jsonDepthExceeds } from './json-depth';

type ErrorMiddleware = (err: unknown, req: Request, res: Response, next: NextFunction) => void;

/**
 * Turns body-parser errors into our error shape right away: Nest would otherwise flatten a parse
 * error into a generic 400 and lose the difference from other 400s.
 */
export const bodyParserErrors: ErrorMiddleware = (err, _req, _res, next) => {
  const body = fromBodyParser(err as { type?: string });
  next(body ? new HttpException(body, body.statusCode) : err);
};

export function jsonBody(limit: string): [RequestHandler, ErrorMiddleware] {
  const verify = (_req: unknown, _res: unknown, raw: Buffer) => {
    if (jsonDepthExceeds(raw)) throw Object.assign(new Error('JSON nested too deeply'), { type: 'entity.too.deep', status: 400 });
  };
  return [express.json({ limit, strict: true, verify }), bodyParserErrors];
}
