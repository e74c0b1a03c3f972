import { ArgumentsHost, Catch, HttpException, Logger } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import type { Request, Response } from 'express';
import { MetaError, metaErrors } from './meta-error';

// The Graph send routes: "/v25.0/123/messages" or "/123/messages"; never the control API.
const GRAPH_PATH = /^\/(?!_sandbox\/)(?:[^/]+\/)?[^/]+\/messages\/?$/;

/**
 * Anything going wrong on a Graph route answers in Meta's error shape, including what fails before the
 * controller runs (malformed JSON, oversized body), since a client is built against that shape only.
 * Other routes keep Nest's usual error bodies.
 */
@Catch()
export class MetaExceptionFilter extends BaseExceptionFilter {
  private readonly logger = new Logger('MetaExceptionFilter');

  override catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    if (!GRAPH_PATH.test(request.path) || request.method !== 'POST') return super.catch(exception, host);
    const error = toMetaError(exception);
    if (error.httpStatus >= 500 && !(exception instanceof MetaError)) this.logger.error(exception);
    http.getResponse<Response>().status(error.httpStatus).json(error.toBody());
  }
}

function toMetaError(exception: unknown): MetaError {
  if (exception instanceof MetaError) return exception;
  // body-parser's errors carry a 4xx `status` whether or not Nest has wrapped them in an HttpException.
  const status =
    exception instanceof HttpException
      ? exception.getStatus()
      : typeof (exception as { status?: unknown })?.status === 'number'
        ? (exception as { status: number }).status
        : 500;
  if (status === 413) return metaErrors.invalidParameter('Request body too large.');
  if (status >= 400 && status < 500) return metaErrors.invalidParameter('The request body could not be parsed as JSON.');
  return metaErrors.somethingWentWrong();
}
