import type { Actor } from '../../auth/policy.types';
import { NotificationsException } from '../notifications.exception';
import type { NotificationRequest } from '../outbox/outbox.service';
import { NotificationType, variablesOf } from '../templates/notification-types';

/** What an API caller asks to send: plain text, or a notification type with its variables. */
export interface ContentInput {
  text?: string;
  template?: string;
  variables?: Record<string, string>;
}

/**
 * The type and variables of an API send: `text` goes into the `direct` (or `broadcast`)
 * template, escaped; a `template` is rendered with the caller's variables, which must be its own.
 */
export function contentOf(
  actor: Actor,
  input: ContentInput,
  textType: 'direct' | 'broadcast',
): Pick<NotificationRequest, 'type' | 'variables' | 'referenceId'> {
  if ((input.text === undefined) === (input.template === undefined)) {
    throw NotificationsException.invalid('text', ['give either text or template (with variables)']);
  }
  if (input.text !== undefined) {
    if (input.variables) throw NotificationsException.invalid('variables', ['variables go with a template']);
    return { type: textType, variables: { 'sender.name': actor.name, 'message.text': input.text }, referenceId: null };
  }
  const type = input.template as NotificationType;
  const known = variablesOf(type);
  const variables = input.variables ?? {};
  const unknown = Object.keys(variables).filter((name) => !Object.prototype.hasOwnProperty.call(known, name));
  const notText = Object.entries(variables).filter(([, value]) => typeof value !== 'string' || value.length > 1000);
  if (unknown.length > 0 || notText.length > 0) {
    throw NotificationsException.invalid('variables', [
      ...(unknown.length > 0
        ? [`unknown for ${type}: ${unknown.join(', ')}; known: ${Object.keys(known).join(', ')}`]
        : []),
      ...notText.map(([name]) => `${name} must be text of at most 1000 characters`),
    ]);
  }
  return { type, variables: { 'sender.name': actor.name, ...variables }, referenceId: null };
}
