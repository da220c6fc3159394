import { loadBotApiSpec } from './bot-api-spec';
import { SpecValidator, describeIssue, isObject } from './spec-validator';

let validator: SpecValidator | undefined;

export function specValidator(): SpecValidator {
  validator ??= new SpecValidator(loadBotApiSpec());
  return validator;
}

export interface UpdateValidationOptions {
  /** Real payloads carry undocumented fields (`new_chat_participant`); our own must not. */
  allowUnknownFields?: boolean;
}

/** Every problem that keeps `update` from being an Update Telegram could send; empty when valid. */
export function validateUpdate(update: unknown, options: UpdateValidationOptions = {}): string[] {
  if (!isObject(update)) return ['update: expected an object'];
  const problems: string[] = [];
  const kinds = Object.keys(update).filter((key) => key !== 'update_id');
  if (kinds.length !== 1) problems.push(`update: exactly one field besides update_id must be set, got ${kinds.length}`);
  const found = specValidator().check(update, ['Update'], 'update', {
    unknownFields: options.allowUnknownFields ? 'ignore' : 'reject',
    checkEnums: true,
  });
  if (found) problems.push(describeIssue(found));
  collectEntityProblems(update, 'update', problems);
  return problems;
}

export function assertValidUpdate(update: unknown, options: UpdateValidationOptions = {}): void {
  const problems = validateUpdate(update, options);
  if (problems.length > 0) throw new Error(`Invalid Update: ${problems.join('; ')}`);
}

// Entity offsets and lengths count UTF-16 code units, which is what a JavaScript string index counts.
function collectEntityProblems(value: unknown, path: string, problems: string[]): void {
  if (Array.isArray(value)) {
    value.forEach((item, i) => collectEntityProblems(item, `${path}[${i}]`, problems));
    return;
  }
  if (!isObject(value)) return;
  checkEntities(value.text, value.entities, `${path}.entities`, problems);
  checkEntities(value.caption, value.caption_entities, `${path}.caption_entities`, problems);
  for (const [key, child] of Object.entries(value)) {
    if (typeof child === 'object' && child !== null) collectEntityProblems(child, `${path}.${key}`, problems);
  }
}

function checkEntities(text: unknown, entities: unknown, path: string, problems: string[]): void {
  if (!Array.isArray(entities)) return;
  const length = typeof text === 'string' ? text.length : 0;
  entities.forEach((entity, i) => {
    if (!isObject(entity) || typeof entity.offset !== 'number' || typeof entity.length !== 'number') return;
    if (entity.offset < 0 || entity.length <= 0 || entity.offset + entity.length > length) {
      problems.push(`${path}[${i}]: offset ${entity.offset} + length ${entity.length} is outside the text (${length})`);
    }
  });
}
