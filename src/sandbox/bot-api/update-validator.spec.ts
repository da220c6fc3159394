import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateUpdate } from './update-validator';

const fixturesDir = join(__dirname, '../../../test/fixtures/telegram/updates');
const fixtures = readdirSync(fixturesDir)
  .filter((name) => name.endsWith('.json'))
  .map((name) => [name, JSON.parse(readFileSync(join(fixturesDir, name), 'utf8'))] as const);

describe('validateUpdate', () => {
  it('has all 32 fixtures to check', () => {
    expect(fixtures).toHaveLength(32);
  });

  it.each(fixtures)('accepts the real-shaped payload %s', (_name, update) => {
    expect(validateUpdate(update, { allowUnknownFields: true })).toEqual([]);
  });

  const base = fixtures[0][1];

  it('rejects a missing required field at depth', () => {
    const update = structuredClone(base);
    delete update.message.chat.type;
    expect(validateUpdate(update)).toEqual(['update.message.chat.type: required field is missing']);
  });

  it('rejects a wrong type and an unknown value of a closed list', () => {
    const update = structuredClone(base);
    update.message.date = '1776240000';
    expect(validateUpdate(update)).toEqual(['update.message.date: expected Integer']);
    const other = structuredClone(base);
    other.message.chat.type = 'dm';
    expect(validateUpdate(other)[0]).toMatch(/^update\.message\.chat\.type: expected one of private\|group/);
  });

  it('rejects unknown fields in our own payloads, and two update kinds at once', () => {
    const update = structuredClone(base);
    update.message.chat.nickname = 'x';
    expect(validateUpdate(update)).toEqual(['update.message.chat.nickname: unknown field of Chat']);
    expect(validateUpdate({ ...base, edited_message: base.message })[0]).toMatch(/exactly one field/);
  });

  it('rejects entities outside the text (UTF-16 units)', () => {
    const update = structuredClone(base);
    update.message.entities = [{ type: 'bold', offset: update.message.text.length - 1, length: 2 }];
    expect(validateUpdate(update)[0]).toMatch(/outside the text/);
  });

  it('checks union members by their discriminator', () => {
    const update = structuredClone(fixtures.find(([name]) => name.startsWith('18-'))?.[1]);
    update.my_chat_member.new_chat_member.status = 'owner';
    expect(validateUpdate(update)[0]).toMatch(/new_chat_member\.status: expected one of creator\|administrator/);
  });
});
