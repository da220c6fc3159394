import { HttpStatus } from '@nestjs/common';
import { AppException } from '../../core/http/app.exception';

export enum AuthErrorCode {
  UNAUTHORIZED = 'UNAUTHORIZED',
  FORBIDDEN = 'FORBIDDEN',
  INVALID_CREDENTIALS = 'INVALID_CREDENTIALS',
  ACCOUNT_DISABLED = 'ACCOUNT_DISABLED',
  SIGNUP_DISABLED = 'SIGNUP_DISABLED',
  TOO_MANY_REQUESTS = 'TOO_MANY_REQUESTS',
  WRONG_PASSWORD = 'WRONG_PASSWORD',
}

const STATUS: Record<AuthErrorCode, number> = {
  [AuthErrorCode.UNAUTHORIZED]: HttpStatus.UNAUTHORIZED,
  [AuthErrorCode.FORBIDDEN]: HttpStatus.FORBIDDEN,
  [AuthErrorCode.INVALID_CREDENTIALS]: HttpStatus.UNAUTHORIZED,
  [AuthErrorCode.ACCOUNT_DISABLED]: HttpStatus.FORBIDDEN,
  [AuthErrorCode.SIGNUP_DISABLED]: HttpStatus.FORBIDDEN,
  [AuthErrorCode.TOO_MANY_REQUESTS]: HttpStatus.TOO_MANY_REQUESTS,
  [AuthErrorCode.WRONG_PASSWORD]: HttpStatus.BAD_REQUEST,
};

/** Errors of identity and access; the HTTP status follows from the code. */
export class AuthException extends AppException {
  constructor(code: AuthErrorCode, message: string, details?: unknown, headers: Record<string, string> = {}) {
    super(code, message, STATUS[code], details, headers);
    this.name = 'AuthException';
  }

  static forbidden(message = 'You are not allowed to do this.'): AuthException {
    return new AuthException(AuthErrorCode.FORBIDDEN, message);
  }

  static unauthorized(message = 'Sign in first: send Authorization: Bearer <token> or X-Api-Key.'): AuthException {
    return new AuthException(AuthErrorCode.UNAUTHORIZED, message);
  }
}
