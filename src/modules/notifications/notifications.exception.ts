import { HttpStatus } from '@nestjs/common';
import { AppException } from '../../core/http/app.exception';

export enum NotificationsErrorCode {
  NOT_FOUND = 'NOT_FOUND',
  VALIDATION_FAILED = 'VALIDATION_FAILED',
  FORBIDDEN = 'FORBIDDEN',
  /** The recipient has no Telegram linked (or the link is disabled). */
  RECIPIENT_NOT_LINKED = 'RECIPIENT_NOT_LINKED',
  /** Only failed or cancelled notifications can be sent again. */
  NOT_RETRYABLE = 'NOT_RETRYABLE',
  /** The broadcast is finished or cancelled, or already in the asked state. */
  INVALID_BROADCAST_STATE = 'INVALID_BROADCAST_STATE',
  TEMPLATE_EXISTS = 'TEMPLATE_EXISTS',
  /** The idempotency key was used before for a different request. */
  IDEMPOTENCY_KEY_REUSED = 'IDEMPOTENCY_KEY_REUSED',
  /** A staff message to a client who has not linked Telegram. */
  CLIENT_NOT_LINKED = 'CLIENT_NOT_LINKED',
  /** Telegram answered that the client blocked the bot (the link is disabled). */
  CLIENT_BLOCKED_BOT = 'CLIENT_BLOCKED_BOT',
  /** Telegram no longer delivers to the client's chat (deactivated, not found; the link is disabled). */
  CLIENT_CHAT_UNAVAILABLE = 'CLIENT_CHAT_UNAVAILABLE',
  /** Telegram refused the message itself. */
  MESSAGE_REFUSED = 'MESSAGE_REFUSED',
}

const STATUS: Record<NotificationsErrorCode, number> = {
  [NotificationsErrorCode.NOT_FOUND]: HttpStatus.NOT_FOUND,
  [NotificationsErrorCode.VALIDATION_FAILED]: HttpStatus.BAD_REQUEST,
  [NotificationsErrorCode.FORBIDDEN]: HttpStatus.FORBIDDEN,
  [NotificationsErrorCode.RECIPIENT_NOT_LINKED]: HttpStatus.CONFLICT,
  [NotificationsErrorCode.NOT_RETRYABLE]: HttpStatus.CONFLICT,
  [NotificationsErrorCode.INVALID_BROADCAST_STATE]: HttpStatus.CONFLICT,
  [NotificationsErrorCode.TEMPLATE_EXISTS]: HttpStatus.CONFLICT,
  [NotificationsErrorCode.IDEMPOTENCY_KEY_REUSED]: HttpStatus.CONFLICT,
  [NotificationsErrorCode.CLIENT_NOT_LINKED]: HttpStatus.CONFLICT,
  [NotificationsErrorCode.CLIENT_BLOCKED_BOT]: HttpStatus.CONFLICT,
  [NotificationsErrorCode.CLIENT_CHAT_UNAVAILABLE]: HttpStatus.CONFLICT,
  [NotificationsErrorCode.MESSAGE_REFUSED]: HttpStatus.CONFLICT,
};

/** Errors of the notifications module; the HTTP status follows from the code. */
export class NotificationsException extends AppException {
  constructor(code: NotificationsErrorCode, message: string, details?: unknown) {
    super(code, message, STATUS[code], details);
    this.name = 'NotificationsException';
  }

  static notFound(what: string, id: string): NotificationsException {
    return new NotificationsException(NotificationsErrorCode.NOT_FOUND, `${what} ${id} was not found.`);
  }

  /** One or more fields are wrong, in the SPEC §15 shape. */
  static invalid(field: string, problems: string[]): NotificationsException {
    return new NotificationsException(NotificationsErrorCode.VALIDATION_FAILED, `Invalid input: ${field}`, [
      { field, problems },
    ]);
  }
}
