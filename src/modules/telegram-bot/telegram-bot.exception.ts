import { HttpStatus } from '@nestjs/common';
import { AppException } from '../../core/http/app.exception';

export enum TelegramBotErrorCode {
  WEBHOOK_SECRET_INVALID = 'WEBHOOK_SECRET_INVALID',
  UPDATE_INVALID = 'UPDATE_INVALID',
  INBOX_UNAVAILABLE = 'INBOX_UNAVAILABLE',
  UPDATE_NOT_FOUND = 'UPDATE_NOT_FOUND',
  TELEGRAM_UNREACHABLE = 'TELEGRAM_UNREACHABLE',
  WEBHOOK_URL_MISSING = 'WEBHOOK_URL_MISSING',
  BAN_NOT_FOUND = 'BAN_NOT_FOUND',
}

const STATUS: Record<TelegramBotErrorCode, number> = {
  [TelegramBotErrorCode.WEBHOOK_SECRET_INVALID]: HttpStatus.UNAUTHORIZED,
  [TelegramBotErrorCode.UPDATE_INVALID]: HttpStatus.BAD_REQUEST,
  [TelegramBotErrorCode.INBOX_UNAVAILABLE]: HttpStatus.SERVICE_UNAVAILABLE,
  [TelegramBotErrorCode.UPDATE_NOT_FOUND]: HttpStatus.NOT_FOUND,
  [TelegramBotErrorCode.TELEGRAM_UNREACHABLE]: HttpStatus.BAD_GATEWAY,
  [TelegramBotErrorCode.WEBHOOK_URL_MISSING]: HttpStatus.BAD_REQUEST,
  [TelegramBotErrorCode.BAN_NOT_FOUND]: HttpStatus.NOT_FOUND,
};

export class TelegramBotException extends AppException {
  constructor(code: TelegramBotErrorCode, message: string, details?: unknown) {
    super(code, message, STATUS[code], details);
  }
}
