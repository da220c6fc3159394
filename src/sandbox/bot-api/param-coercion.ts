import { BotApiError } from './bot-api-error';
import { SpecMethod, PRIMITIVE_TYPES, parseTypeName } from './bot-api-spec';
import { isInputFile } from './input-file';
import { ValidationIssue } from './spec-validator';
import { specValidator } from './update-validator';

// Telegram's own texts for a missing required parameter, where it has one.
const MISSING_TEXT: Record<string, string> = {
  text: 'message text is empty',
  photo: 'there is no photo in the request',
  document: 'there is no document in the request',
  message_id: 'message identifier is not specified',
  callback_query_id: 'query is too old and response timeout expired or query ID is invalid',
  file_id: 'invalid file_id',
  action: 'action is empty',
  user_id: 'user_id is empty',
  commands: 'commands is empty',
};

// How Telegram names the JSON-serialized parameters in "can't parse … JSON object".
const OBJECT_LABEL: Record<string, string> = {
  reply_markup: 'reply keyboard markup',
  entities: 'entities',
  caption_entities: 'entities',
  link_preview_options: 'link preview options',
  reply_parameters: 'reply parameters',
  commands: 'BotCommand',
  scope: 'BotCommandScope',
  allowed_updates: 'allowed updates',
};

// telegraf's Markup helpers leave `hide: false` on every button; Telegram ignores it.
const TOLERATED_FIELDS = new Set(['hide']);

/**
 * Checks a call's parameters against the method's description and converts them to their types.
 * Form fields and query strings arrive as strings (JSON-serialized objects included), as Telegram allows.
 */
export function coerceParams(
  method: SpecMethod,
  raw: Record<string, unknown>,
  emptyAllowed: readonly string[] = [],
): Record<string, unknown> {
  const fields = method.fields ?? [];
  const known = new Set(fields.map((f) => f.name));
  for (const name of Object.keys(raw)) {
    // telegraf's multipart bodies repeat the method name, which Telegram accepts.
    if (name === 'method' && String(raw[name]).toLowerCase() === method.name.toLowerCase()) continue;
    if (!known.has(name)) throw BotApiError.badRequest(`unknown parameter "${name}" of method ${method.name}`);
  }
  const params: Record<string, unknown> = {};
  for (const field of fields) {
    const value = raw[field.name];
    if (value === '' && emptyAllowed.includes(field.name)) {
      params[field.name] = '';
      continue;
    }
    if (value === undefined || value === null || value === '') {
      if (field.required) throw BotApiError.badRequest(MISSING_TEXT[field.name] ?? `${field.name} is empty`);
      continue;
    }
    params[field.name] = coerceValue(field.name, field.types, value);
  }
  return params;
}

function coerceValue(name: string, types: string[], value: unknown): unknown {
  for (const type of types) {
    const converted = convertPrimitive(type, value);
    if (converted !== undefined) return converted;
  }
  const objectTypes = types.filter((t) => !PRIMITIVE_TYPES.has(parseTypeName(t).base) || parseTypeName(t).depth > 0);
  if (objectTypes.length === 0) {
    throw BotApiError.badRequest(`field "${name}" must be of type ${types.join(' or ')}`);
  }
  const label = OBJECT_LABEL[name] ?? name;
  let parsed = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch {
      throw BotApiError.badRequest(`can't parse ${label} JSON object`);
    }
  }
  const issue = specValidator().check(parsed, objectTypes, '', {
    unknownFields: 'reject',
    toleratedFields: TOLERATED_FIELDS,
    checkEnums: false,
    isInputFile,
  });
  if (issue) throw BotApiError.badRequest(`can't parse ${label} JSON object: ${describeNested(issue)}`);
  return parsed;
}

function convertPrimitive(type: string, value: unknown): unknown {
  switch (type) {
    case 'Integer':
      if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
      if (typeof value === 'string' && /^-?\d{1,16}$/.test(value.trim())) return Number(value);
      return undefined;
    case 'Float':
      if (typeof value === 'number' && Number.isFinite(value)) return value;
      if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
      return undefined;
    case 'Boolean':
      if (typeof value === 'boolean') return value;
      if (typeof value === 'string' && /^(true|false|1|0)$/i.test(value)) return /^(true|1)$/i.test(value);
      return undefined;
    case 'String':
      // Telegram reads every parameter as text: a JSON number is taken as its digits.
      if (typeof value === 'string') return value;
      if (typeof value === 'number' && Number.isFinite(value)) return String(value);
      return undefined;
    case 'InputFile':
      return isInputFile(value) ? value : undefined;
    default:
      return undefined;
  }
}

// TDLib's wording for a JSON object that does not fit (`Field "text" must be of type String`).
function describeNested(issue: ValidationIssue): string {
  const where = issue.path ? ` at ${issue.path}` : '';
  switch (issue.problem) {
    case 'missing':
      return `Can't find field "${issue.field}"${where}`;
    case 'type':
      return issue.path
        ? `Field "${issue.field}" must be of type ${issue.expected}${where}`
        : `expected ${issue.expected}`;
    case 'unknown':
      return `Unknown field "${issue.field}"${where}`;
    case 'value':
      return `Field "${issue.field}" has unsupported value${where}`;
  }
}
