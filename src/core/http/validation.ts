import { ValidationError, ValidationPipe } from '@nestjs/common';
import { AppException, CommonErrorCode } from './app.exception';

export interface FieldProblem {
  field: string;
  problems: string[];
}

/** Flattens nested class-validator errors into `{ field: 'items.0.name', problems: [...] }`. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldProblem[] {
  const out: FieldProblem[] = [];
  for (const error of errors) {
    const field = parent ? `${parent}.${error.property}` : error.property;
    if (error.constraints) {
      out.push({ field, problems: Object.values(error.constraints) });
    }
    if (error.children?.length) out.push(...flattenValidationErrors(error.children, field));
  }
  return out;
}

/** Whitelist, reject unknown fields, transform; errors in the SPEC §15 format. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const details = flattenValidationErrors(errors);
      return new AppException(
        CommonErrorCode.VALIDATION_FAILED,
        `Invalid input: ${details.map((d) => d.field).join(', ')}`,
        400,
        details,
      );
    },
  });
}
