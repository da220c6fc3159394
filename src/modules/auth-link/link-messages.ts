import { escapeHtml } from '../telegram-bot/replies/html.util';
import type { LinkOutcome } from './link-consumer.service';

export const CONFIRM_PREFIX = 'lk:';
// Callback data is at most 64 bytes: "lk:y:" + a 45-character token fits.
export const confirmData = (token: string): string => `${CONFIRM_PREFIX}y:${token}`;
export const DECLINE_DATA = `${CONFIRM_PREFIX}n`;

export const LINK_IN_GROUP =
  'For your security, linking works only in a private chat with me. This link can no longer be used: ' +
  'create a new one in the CRM and open it in a private chat.';
export const LINK_DECLINED = 'Kept as it was: nothing changed.';

/** The bot's answer to a link being opened, in Telegram HTML. */
export function linkOutcomeText(outcome: Exclude<LinkOutcome, { kind: 'confirm' }>, firstName: string): string {
  switch (outcome.kind) {
    case 'invalid':
      return 'This link is not valid: it was already used, or a newer link replaced it. Create a new one in the CRM.';
    case 'expired':
      return 'This link has expired. Create a new one in the CRM.';
    case 'disabled':
      return 'This CRM account is disabled. Ask your CRM administrator.';
    case 'signed-in':
      return (
        `Hi <b>${escapeHtml(outcome.name)}</b>! This Telegram account is now linked to your CRM account ` +
        `(${outcome.role}, ${escapeHtml(outcome.organization)}), and you are signed in. Send /help to see what you can do.`
      );
    case 'client-linked':
      return (
        `Hi <b>${escapeHtml(firstName)}</b>! This chat is now linked to <b>${escapeHtml(outcome.clientName)}</b>` +
        `${outcome.organization ? ` at ${escapeHtml(outcome.organization)}` : ''}: their messages to you will arrive here.`
      );
  }
}

export function confirmQuestion(outcome: Extract<LinkOutcome, { kind: 'confirm' }>): string {
  return (
    `This Telegram account is ${escapeHtml(outcome.current)}.\n\n` +
    `Link it to <b>${escapeHtml(outcome.target)}</b> instead? The current link ends.`
  );
}
