import { ValidationPipe } from '@nestjs/common';

/** Control-API bodies: unknown fields are refused so a typo in a test does not pass silently. */
export function controlValidation(): ValidationPipe {
  return new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true });
}
