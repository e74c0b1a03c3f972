import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { toErrorBody } from './error-body';

@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(err: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const res = ctx.getResponse<Response>();
    const req = ctx.getRequest<Request & { id?: string }>();
    const body = { ...toErrorBody(err), requestId: req.id };
    if (body.statusCode >= 500) this.logger.error(`${req.method} ${req.path} → ${body.code}`, (err as Error)?.stack);
    if (!res.headersSent) res.status(body.statusCode).json(body);
  }
}
