import { createHash, randomBytes } from 'node:crypto';

export type LinkKind = 'user' | 'client';

// Telegram's start parameter: up to 64 of A-Z a-z 0-9 _ -. A kind prefix + 256 random bits
// in base64url (43 characters) fits, and tells the bot which table to look in.
const PREFIX: Record<LinkKind, string> = { user: 'u_', client: 'c_' };
const TOKEN = /^([uc])_([A-Za-z0-9_-]{43})$/;

export interface ParsedLinkToken {
  kind: LinkKind;
  /** What the database keeps. */
  hash: string;
}

export function newLinkToken(kind: LinkKind): { token: string; hash: string } {
  const token = PREFIX[kind] + randomBytes(32).toString('base64url');
  return { token, hash: hashLinkToken(token) };
}

/** Hex SHA-256: tokens carry 256 random bits, so a fast hash is enough. */
export function hashLinkToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** The kind and hash of a `/start` payload shaped like a link token; null for anything else. */
export function parseLinkToken(payload: string): ParsedLinkToken | null {
  const match = TOKEN.exec(payload);
  if (!match) return null;
  return { kind: match[1] === 'u' ? 'user' : 'client', hash: hashLinkToken(payload) };
}
