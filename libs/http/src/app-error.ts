import { HttpException, HttpStatus } from '@nestjs/common';

/**
 * An error a person may read: a stable `code` for programs, an Italian `message` for people.
 * Services throw these; the exception filter turns them (and everything else) into one JSON shape.
 */
export class AppError extends HttpException {
  constructor(
    status: HttpStatus,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super({ code, message, details }, status);
  }
}

export const notFound = (what = 'La risorsa') => new AppError(HttpStatus.NOT_FOUND, 'NOT_FOUND', `${what} non esiste.`);
export const forbidden = (message = 'Non hai i permessi per questa operazione.') =>
  new AppError(HttpStatus.FORBIDDEN, 'FORBIDDEN', message);
export const conflict = (code: string, message: string) => new AppError(HttpStatus.CONFLICT, code, message);
