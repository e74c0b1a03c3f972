import { HttpException } from '@nestjs/common';
import express, { NextFunction, Request, RequestHandler, Response } from 'express';
import { fromBodyParser } from './error-body';

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
  return [express.json({ limit, strict: true }), bodyParserErrors];
}
