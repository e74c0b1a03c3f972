import { HttpStatus } from '@nestjs/common';
import { AppError } from '@bacheca/http';

export const broadcastConflict = (code: string, message: string) => new AppError(HttpStatus.CONFLICT, code, message);
export const cannotSend = (code: string, message: string) => new AppError(HttpStatus.UNPROCESSABLE_ENTITY, code, message);
