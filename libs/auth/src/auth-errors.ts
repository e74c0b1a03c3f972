import { HttpStatus } from '@nestjs/common';
import { AppError } from '@bacheca/http';

export const invalidCredentials = () =>
  new AppError(HttpStatus.UNAUTHORIZED, 'INVALID_CREDENTIALS', 'E-mail o password non corretti.');
export const tooManyAttempts = () =>
  new AppError(HttpStatus.TOO_MANY_REQUESTS, 'TOO_MANY_ATTEMPTS', 'Troppi tentativi di accesso non riusciti: riprova più tardi.');
export const invalidRefreshToken = () =>
  new AppError(HttpStatus.UNAUTHORIZED, 'INVALID_REFRESH_TOKEN', 'Sessione scaduta o non valida: effettua di nuovo il login.');
export const refreshTokenReused = () =>
  new AppError(
    HttpStatus.UNAUTHORIZED,
    'REFRESH_TOKEN_REUSED',
    'Questa sessione è già stata usata: per sicurezza tutte le sessioni collegate sono state chiuse.',
  );
export const tenantSuspended = () =>
  new AppError(HttpStatus.FORBIDDEN, 'TENANT_SUSPENDED', 'Il servizio di questo comune è sospeso: contatta il fornitore.');
export const accountDisabled = () =>
  new AppError(HttpStatus.UNAUTHORIZED, 'ACCOUNT_DISABLED', 'Questo account non è più attivo.');
export const sessionRevoked = () =>
  new AppError(HttpStatus.UNAUTHORIZED, 'SESSION_REVOKED', 'Sessione chiusa: effettua di nuovo il login.');
