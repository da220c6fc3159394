import { NOTIFICATION_TYPE_NAMES, NOTIFICATION_TYPES, variablesOf } from './notification-types';
import { referencedVariables, templateProblems } from './template-renderer';

describe('notification types', () => {
  it('ship templates that use only their own variables and HTML Telegram accepts', () => {
    for (const type of NOTIFICATION_TYPE_NAMES) {
      for (const [language, body] of Object.entries(NOTIFICATION_TYPES[type].defaults as Record<string, string>)) {
        expect({ type, language, problems: templateProblems(body, variablesOf(type)) }).toEqual({
          type,
          language,
          problems: [],
        });
      }
    }
  });

  it('have en and ru templates for the scheduled reminders and the digest', () => {
    for (const type of ['invoice.due_soon', 'invoice.overdue', 'digest'] as const) {
      expect(Object.keys(NOTIFICATION_TYPES[type].defaults).sort()).toEqual(['en', 'ru']);
      // The two languages say the same things: the same variables.
      const { en, ru } = NOTIFICATION_TYPES[type].defaults;
      expect(referencedVariables(ru).sort()).toEqual(referencedVariables(en).sort());
    }
  });
});
