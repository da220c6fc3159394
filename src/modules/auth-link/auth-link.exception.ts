import { HttpStatus } from '@nestjs/common';
import { AppException } from '../../core/http/app.exception';

export enum AuthLinkErrorCode {
  /** A customer called a staff route (`/api/telegram/user/*`, `/api/telegram/client/:clientId/*`). */
  STAFF_ONLY = 'STAFF_ONLY',
  /** Staff called a route for the signed-in client without naming the client. */
  CLIENT_ONLY = 'CLIENT_ONLY',
  TELEGRAM_UNREACHABLE = 'TELEGRAM_UNREACHABLE',
}

const STATUS: Record<AuthLinkErrorCode, number> = {
  [AuthLinkErrorCode.STAFF_ONLY]: HttpStatus.FORBIDDEN,
  [AuthLinkErrorCode.CLIENT_ONLY]: HttpStatus.FORBIDDEN,
  [AuthLinkErrorCode.TELEGRAM_UNREACHABLE]: HttpStatus.BAD_GATEWAY,
};

/** Errors of account linking; the HTTP status follows from the code. */
export class AuthLinkException extends AppException {
  constructor(code: AuthLinkErrorCode, message: string, details?: unknown) {
    super(code, message, STATUS[code], details);
    this.name = 'AuthLinkException';
  }
}
