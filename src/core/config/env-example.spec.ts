import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { knownVariables, validateEnvironment } from './env';

const EXAMPLE = readFileSync(join(__dirname, '..', '..', '..', '.env.example'), 'utf8');

function exampleEntries(): { name: string; value: string; comment: string }[] {
  const lines = EXAMPLE.split('\n');
  const out: { name: string; value: string; comment: string }[] = [];
  lines.forEach((line, i) => {
    const match = /^#?\s*([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
    if (!match) return;
    const previous = lines[i - 1] ?? '';
    out.push({ name: match[1], value: match[2], comment: previous.startsWith('#') ? previous : '' });
  });
  return out;
}

describe('.env.example', () => {
  it('lists exactly the variables of the schema', () => {
    const names = exampleEntries().map((e) => e.name);
    expect(new Set(names).size).toBe(names.length);
    expect([...names].sort()).toEqual([...knownVariables()].sort());
  });

  it('gives each variable a one-line comment', () => {
    for (const entry of exampleEntries()) {
      expect({ name: entry.name, hasComment: /^#\s*\S/.test(entry.comment) }).toEqual({
        name: entry.name,
        hasComment: true,
      });
    }
  });

  it('holds values the schema accepts', () => {
    const active = Object.fromEntries(
      EXAMPLE.split('\n')
        .map((line) => /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line))
        .filter((m): m is RegExpExecArray => m !== null)
        .map((m) => [m[1], m[2]]),
    );
    expect(() => validateEnvironment(active)).not.toThrow();
  });
});
