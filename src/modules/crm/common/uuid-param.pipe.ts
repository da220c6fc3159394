import { Injectable, PipeTransform } from '@nestjs/common';
import { CommonErrorCode, AppException } from '../../../core/http/app.exception';
import { isUuid } from './query';

/** Path ids must be UUIDs: anything else is a clear 400 in the SPEC §15 format. */
@Injectable()
export class UuidParamPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!isUuid(value)) {
      throw new AppException(CommonErrorCode.VALIDATION_FAILED, 'Invalid input: id', 400, [
        { field: 'id', problems: ['id must be a UUID'] },
      ]);
    }
    return value.toLowerCase();
  }
}
