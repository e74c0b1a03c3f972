import { Logger } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { currentLogFields, runWithLogContext } from '@bacheca/logging';

const logger = new Logger('http');
/** Probes and scrapes come every few seconds and say nothing about a person's request. */
const QUIET = /^\/(health|metrics)(\/|$)/;
const WEBHOOK = /^\/webhooks\//;

/**
 * The rest of the request runs in a log context holding its id (the comune joins when it is known),
 * so every line it logs can be traced; one access line is written when the answer is sent. Mounted
 * after the body parsers: their stream callbacks would otherwise run outside the context.
 */
export function requestLog(req: Request & { id?: string }, res: Response, next: NextFunction): void {
  const started = process.hrtime.bigint();
  runWithLogContext({ requestId: req.id }, () => {
    const fields = currentLogFields()!;
    if (!QUIET.test(req.path)) {
      res.on('finish', () => {
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        const line = `${req.method} ${req.originalUrl.split('?')[0]} ${res.statusCode} ${ms.toFixed(1)}ms`;
        // Meta posts a webhook per status (three per message sent): accepted ones are the metrics' job.
        const routine = WEBHOOK.test(req.path) && res.statusCode < 400;
        runWithLogContext(fields, () => (routine ? logger.debug(line) : logger.log(line)));
      });
    }
    next();
  });
}
