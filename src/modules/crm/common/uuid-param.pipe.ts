import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { CommonErrorCode, AppException } from '../../../core/http/app.exception';
import { isUuid } from './query';

/** Path ids must be UUIDs: anything else is a clear 400 in the SPEC §15 format, naming the parameter. */
@Injectable()
export class UuidParamPipe implements PipeTransform<string, string> {
  transform(value: string, metadata?: ArgumentMetadata): string {
    if (!isUuid(value)) {
      const field = metadata?.data ?? 'id';
      throw new AppException(CommonErrorCode.VALIDATION_FAILED, `Invalid input: ${field}`, 400, [
        { field, problems: [`${field} must be a UUID`] },
      ]);
    }
    return value.toLowerCase();
  }
}
