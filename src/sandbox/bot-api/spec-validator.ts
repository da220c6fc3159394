import { BotApiSpec, PRIMITIVE_TYPES, SpecField, parseTypeName } from './bot-api-spec';

export type IssueProblem = 'missing' | 'type' | 'unknown' | 'value';

export interface ValidationIssue {
  /** Dotted path of the offending value, e.g. `message.chat.id` or `inline_keyboard[0][1].text`. */
  path: string;
  /** The last field name in the path (what Telegram's texts name). */
  field: string;
  problem: IssueProblem;
  /** The type(s) expected, or the allowed values. */
  expected: string;
}

export interface ValidateOptions {
  /** Reject fields the spec does not define (our own payloads), or ignore them (real payloads carry extras). */
  unknownFields: 'reject' | 'ignore';
  /** Extra fields tolerated even when rejecting unknown ones (telegraf's Markup adds `hide` to buttons). */
  toleratedFields?: ReadonlySet<string>;
  /** Check closed lists of string values that the spec only states in descriptions (`always "x"`, `can be "a" or "b"`). */
  checkEnums: boolean;
  /** How an uploaded file is recognised where the spec says `InputFile`. */
  isInputFile?: (value: unknown) => boolean;
}

interface Discriminator {
  field: string;
  value: string;
}

const ALWAYS = /(?:always|must be) "?([A-Za-z_]+)"?/;
const ENUM_LEAD = /(?:can be either|can be one of|can be|one of|either)\s+"/;

/** Validates JSON values against the types of the Bot API description. */
export class SpecValidator {
  private readonly discriminators = new Map<string, Discriminator | null>();
  private readonly enums = new Map<SpecField, string[] | null>();

  constructor(private readonly spec: BotApiSpec) {}

  check(value: unknown, types: readonly string[], path: string, options: ValidateOptions): ValidationIssue | undefined {
    let first: ValidationIssue | undefined;
    for (const type of this.orderCandidates(value, types)) {
      const issue = this.checkType(value, type, path, options);
      if (!issue) return undefined;
      first ??= issue;
    }
    return first;
  }

  fieldsOf(typeName: string): SpecField[] {
    return this.spec.types[typeName]?.fields ?? [];
  }

  private checkType(value: unknown, type: string, path: string, options: ValidateOptions): ValidationIssue | undefined {
    const { depth, base } = parseTypeName(type);
    if (depth > 0) {
      if (!Array.isArray(value)) return issue(path, 'type', type);
      const element = type.slice('Array of '.length);
      for (let i = 0; i < value.length; i += 1) {
        const found = this.checkType(value[i], element, `${path}[${i}]`, options);
        if (found) return found;
      }
      return undefined;
    }
    if (PRIMITIVE_TYPES.has(base)) return checkPrimitive(value, base, path, options);
    const spec = this.spec.types[base];
    if (!spec) return issue(path, 'type', base);
    if (spec.subtypes) return this.checkUnion(value, base, spec.subtypes, path, options);
    return this.checkObject(value, base, spec.fields ?? [], path, options);
  }

  private checkUnion(
    value: unknown,
    name: string,
    subtypes: string[],
    path: string,
    options: ValidateOptions,
  ): ValidationIssue | undefined {
    if (!isObject(value)) return issue(path, 'type', name);
    const tagged = subtypes.filter((sub) => this.discriminatorOf(sub));
    if (tagged.length === subtypes.length) {
      const { field } = this.discriminatorOf(subtypes[0]) as Discriminator;
      const match = subtypes.find((sub) => this.discriminatorOf(sub)?.value === value[field]);
      if (!match) {
        if (value[field] === undefined) return issue(join(path, field), 'missing', 'String');
        return issue(join(path, field), 'value', subtypes.map((sub) => this.discriminatorOf(sub)?.value).join('|'));
      }
      return this.checkType(value, match, path, options);
    }
    // No common tag (MaybeInaccessibleMessage): any subtype that fits will do.
    return this.check(value, subtypes, path, options);
  }

  private checkObject(
    value: unknown,
    name: string,
    fields: SpecField[],
    path: string,
    options: ValidateOptions,
  ): ValidationIssue | undefined {
    if (!isObject(value)) return issue(path, 'type', name);
    for (const field of fields) {
      const fieldValue = value[field.name];
      const fieldPath = join(path, field.name);
      if (fieldValue === undefined) {
        if (field.required) return issue(fieldPath, 'missing', field.types.join(' or '));
        continue;
      }
      const found = this.check(fieldValue, field.types, fieldPath, options);
      if (found) return found;
      if (options.checkEnums && typeof fieldValue === 'string') {
        const allowed = this.enumOf(field);
        if (allowed && !allowed.includes(fieldValue)) return issue(fieldPath, 'value', allowed.join('|'));
      }
    }
    if (options.unknownFields === 'reject') {
      const known = new Set(fields.map((f) => f.name));
      const extra = Object.keys(value).find((key) => !known.has(key) && !options.toleratedFields?.has(key));
      if (extra !== undefined) return issue(join(path, extra), 'unknown', name);
    }
    return undefined;
  }

  /** Puts first the object types whose required fields the value has (reply_markup is one of four). */
  private orderCandidates(value: unknown, types: readonly string[]): readonly string[] {
    if (types.length < 2 || !isObject(value)) return types;
    const fits = (type: string): boolean =>
      (this.spec.types[type]?.fields ?? []).every((f) => !f.required || value[f.name] !== undefined);
    return [...types.filter(fits), ...types.filter((t) => !fits(t))];
  }

  private discriminatorOf(typeName: string): Discriminator | null {
    if (!this.discriminators.has(typeName)) {
      let found: Discriminator | null = null;
      for (const field of this.fieldsOf(typeName)) {
        const match = ALWAYS.exec(field.description);
        if (match && field.types.length === 1 && field.types[0] === 'String') {
          found = { field: field.name, value: match[1] };
          break;
        }
      }
      this.discriminators.set(typeName, found);
    }
    return this.discriminators.get(typeName) ?? null;
  }

  private enumOf(field: SpecField): string[] | null {
    if (!this.enums.has(field)) this.enums.set(field, extractEnum(field));
    return this.enums.get(field) ?? null;
  }
}

function extractEnum(field: SpecField): string[] | null {
  if (field.types.length !== 1 || field.types[0] !== 'String') return null;
  const always = /always "([^"]+)"/.exec(field.description);
  if (always) return [always[1]];
  const lead = ENUM_LEAD.exec(field.description);
  if (!lead) return null;
  // The quoted words of the sentence that starts the list.
  const rest = field.description.slice(lead.index + lead[0].length - 1);
  const sentence = rest.split(/\.(?:\s|$)/)[0];
  const values = [...sentence.matchAll(/"([^"]+)"/g)].map((m) => m[1]);
  return values.length > 1 ? values : null;
}

function checkPrimitive(
  value: unknown,
  base: string,
  path: string,
  options: ValidateOptions,
): ValidationIssue | undefined {
  const ok =
    (base === 'Integer' && typeof value === 'number' && Number.isInteger(value)) ||
    (base === 'Float' && typeof value === 'number' && Number.isFinite(value)) ||
    (base === 'String' && typeof value === 'string') ||
    (base === 'Boolean' && typeof value === 'boolean') ||
    (base === 'InputFile' && options.isInputFile !== undefined && options.isInputFile(value));
  return ok ? undefined : issue(path, 'type', base);
}

function issue(path: string, problem: IssueProblem, expected: string): ValidationIssue {
  const field = /([A-Za-z_0-9]+)(?:\[\d+\])*$/.exec(path)?.[1] ?? path;
  return { path, field, problem, expected };
}

function join(path: string, field: string): string {
  return path ? `${path}.${field}` : field;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function describeIssue(found: ValidationIssue): string {
  switch (found.problem) {
    case 'missing':
      return `${found.path}: required field is missing`;
    case 'type':
      return `${found.path}: expected ${found.expected}`;
    case 'unknown':
      return `${found.path}: unknown field of ${found.expected}`;
    case 'value':
      return `${found.path}: expected one of ${found.expected}`;
  }
}
