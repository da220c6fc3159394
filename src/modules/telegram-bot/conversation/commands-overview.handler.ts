import { Injectable } from '@nestjs/common';
import type { Actor } from '../../auth/policy.types';
import { helpText } from '../bot/command-menus';
import { ConversationHandler } from './conversation-handler';

/** Until plain-language requests are understood: say so, and list what the chat can do. */
@Injectable()
export class CommandsOverviewHandler extends ConversationHandler {
  async respond(actor: Actor): Promise<string> {
    return `I do not understand free text yet. Use the commands:\n\n${helpText(actor.role)}`;
  }
}
