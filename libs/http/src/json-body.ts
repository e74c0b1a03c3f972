import { HttpException } from '@nestjs/common';
import express, { NextFunction, Request, RequestHandler, Response } from 'express';
import { fromBodyParser } from './error-body';

/**
 * The JSON body parser, with its errors turned into our error shape right away: Nest would
 * otherwise flatten a parse error into a generic 400 and lose the difference from other 400s.
 */
export function jsonBody(limit: string): [RequestHandler, (err: unknown, req: Request, res: Response, next: NextFunction) => void] {
  return [
    express.json({ limit, strict: true }),
    (err, _req, _res, next) => {
      const body = fromBodyParser(err as { type?: string });
      next(body ? new HttpException(body, body.statusCode) : err);
    },
  ];
}
