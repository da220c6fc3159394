import { HttpStatus } from '@nestjs/common';
import { AppException } from '../../core/http/app.exception';

export enum CrmErrorCode {
  NOT_FOUND = 'NOT_FOUND',
  EMAIL_TAKEN = 'EMAIL_TAKEN',
  INVALID_ASSIGNEE = 'INVALID_ASSIGNEE',
  INVALID_STATUS_TRANSITION = 'INVALID_STATUS_TRANSITION',
  LEAD_ALREADY_CONVERTED = 'LEAD_ALREADY_CONVERTED',
  CUSTOMER_IN_USE = 'CUSTOMER_IN_USE',
  INVOICE_LOCKED = 'INVOICE_LOCKED',
  INVOICE_NOT_PAYABLE = 'INVOICE_NOT_PAYABLE',
  CURRENCY_MISMATCH = 'CURRENCY_MISMATCH',
  PAYMENT_EXCEEDS_BALANCE = 'PAYMENT_EXCEEDS_BALANCE',
  CANNOT_CHANGE_SELF = 'CANNOT_CHANGE_SELF',
  INVALID_ROLE_CHANGE = 'INVALID_ROLE_CHANGE',
  VALIDATION_FAILED = 'VALIDATION_FAILED',
}

const STATUS: Record<CrmErrorCode, number> = {
  [CrmErrorCode.NOT_FOUND]: HttpStatus.NOT_FOUND,
  [CrmErrorCode.EMAIL_TAKEN]: HttpStatus.CONFLICT,
  [CrmErrorCode.INVALID_ASSIGNEE]: HttpStatus.BAD_REQUEST,
  [CrmErrorCode.INVALID_STATUS_TRANSITION]: HttpStatus.CONFLICT,
  [CrmErrorCode.LEAD_ALREADY_CONVERTED]: HttpStatus.CONFLICT,
  [CrmErrorCode.CUSTOMER_IN_USE]: HttpStatus.CONFLICT,
  [CrmErrorCode.INVOICE_LOCKED]: HttpStatus.CONFLICT,
  [CrmErrorCode.INVOICE_NOT_PAYABLE]: HttpStatus.CONFLICT,
  [CrmErrorCode.CURRENCY_MISMATCH]: HttpStatus.BAD_REQUEST,
  [CrmErrorCode.PAYMENT_EXCEEDS_BALANCE]: HttpStatus.BAD_REQUEST,
  [CrmErrorCode.CANNOT_CHANGE_SELF]: HttpStatus.CONFLICT,
  [CrmErrorCode.INVALID_ROLE_CHANGE]: HttpStatus.BAD_REQUEST,
  [CrmErrorCode.VALIDATION_FAILED]: HttpStatus.BAD_REQUEST,
};

/** Errors of the built-in CRM; the HTTP status follows from the code (the bot maps codes to replies). */
export class CrmException extends AppException {
  constructor(code: CrmErrorCode, message: string, details?: unknown) {
    super(code, message, STATUS[code], details);
    this.name = 'CrmException';
  }

  /** The same answer for a record that does not exist and one the actor may not see. */
  static notFound(what: string, id: string): CrmException {
    return new CrmException(CrmErrorCode.NOT_FOUND, `${what} ${id} was not found.`);
  }
}
