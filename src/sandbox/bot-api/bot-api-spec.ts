import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// The machine-readable Bot API (PaulSonOfLars/telegram-bot-api-spec, MIT), copied into the project
// so that neither tests nor the running sandbox read anything outside it.

export interface SpecField {
  name: string;
  types: string[];
  required: boolean;
  description: string;
}

export interface SpecType {
  name: string;
  description?: string[];
  fields?: SpecField[];
  subtypes?: string[];
}

export interface SpecMethod {
  name: string;
  description?: string[];
  returns: string[];
  fields?: SpecField[];
}

export interface BotApiSpec {
  version: string;
  methods: Record<string, SpecMethod>;
  types: Record<string, SpecType>;
}

let cached: BotApiSpec | undefined;

export function loadBotApiSpec(): BotApiSpec {
  // Resolved next to this file: src/ under jest, dist/src/ once compiled (swc --copy-files).
  cached ??= JSON.parse(readFileSync(join(__dirname, 'botapi-spec.json'), 'utf8')) as BotApiSpec;
  return cached;
}

export const PRIMITIVE_TYPES = new Set(['Integer', 'Float', 'String', 'Boolean', 'InputFile']);

/** `Array of Array of X` → { depth: 2, base: 'X' }. */
export function parseTypeName(type: string): { depth: number; base: string } {
  let depth = 0;
  let base = type;
  while (base.startsWith('Array of ')) {
    base = base.slice('Array of '.length);
    depth += 1;
  }
  return { depth, base };
}
