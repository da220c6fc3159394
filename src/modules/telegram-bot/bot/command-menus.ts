import type { BotCommand } from 'telegraf/types';
import type { Role } from '../../auth/policy.types';

// What each kind of user may do, as the command menu Telegram shows next to the input field.
export const GUEST_COMMANDS: BotCommand[] = [
  { command: 'start', description: 'Welcome and linking' },
  { command: 'login', description: 'Sign in with your CRM email and password' },
  { command: 'help', description: 'What I can do' },
];

// Shown to group admins (scope all_chat_administrators).
export const GROUP_ADMIN_COMMANDS: BotCommand[] = [
  { command: 'chatid', description: "This group's id, to send it notifications" },
  { command: 'help', description: 'What I can do' },
];

const ACCOUNT_COMMANDS: BotCommand[] = [
  { command: 'me', description: 'Who you are signed in as' },
  { command: 'clear', description: 'Forget our conversation' },
  { command: 'logout', description: 'Sign out of this chat' },
  { command: 'help', description: 'What I can do' },
];

const ROLE_COMMANDS: Record<Role, BotCommand[]> = {
  vendor: [
    { command: 'deals', description: 'Deals in the pipeline' },
    { command: 'tickets', description: 'Open tickets' },
    { command: 'invoices', description: 'Invoices' },
    { command: 'stats', description: 'Pipeline, revenue and open tickets' },
  ],
  employee: [
    { command: 'deals', description: 'Deals in the pipeline' },
    { command: 'tickets', description: 'Open tickets' },
  ],
  customer: [
    { command: 'tickets', description: 'Your tickets' },
    { command: 'invoices', description: 'Your invoices' },
  ],
};

export function commandsFor(role: Role | null): BotCommand[] {
  return role ? [...ROLE_COMMANDS[role], ...ACCOUNT_COMMANDS] : GUEST_COMMANDS;
}

export function helpText(role: Role | null): string {
  const lines = commandsFor(role).map((c) => `/${c.command}: ${c.description}`);
  return ['<b>What I can do</b>', ...lines].join('\n');
}
