import { plainToInstance } from 'class-transformer';
import { ValidateIf, validate } from 'class-validator';
import { Type as ClassType } from '@nestjs/common';
import { flattenValidationErrors } from '../../../core/http/validation';
import { CrmErrorCode, CrmException } from '../crm.exception';

/** Optional, but when present it must not be null (an update leaves out what it keeps). */
export function IsOptionalNotNull(): PropertyDecorator {
  return ValidateIf((_object: object, value: unknown) => value !== undefined);
}

/**
 * Validates input that did not come through the HTTP pipe (the bot, AI tools) with the same
 * DTO rules, answering VALIDATION_FAILED like the REST API.
 */
export async function validateInput<T extends object>(dto: ClassType<T>, input: unknown): Promise<T> {
  const instance = plainToInstance(dto, input ?? {}) as T;
  const errors = await validate(instance, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length > 0) {
    const details = flattenValidationErrors(errors);
    throw new CrmException(
      CrmErrorCode.VALIDATION_FAILED,
      `Invalid input: ${details.map((d) => d.field).join(', ')}`,
      details,
    );
  }
  return instance;
}

/** For @Transform: emails compare lower-cased and trimmed. */
export const toLowerTrimmed = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.trim().toLowerCase() : value;

export const trimmed = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

/** The fields an update sets: `undefined` means "leave as is", `null` means "clear". */
export function definedOnly<T extends object>(input: T): Partial<T> {
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** A list filter naming a user: a UUID, or `me` for the actor. */
export const UUID_OR_ME = /^(me|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

/** `YYYY-MM-DD`. */
export const ISO_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
