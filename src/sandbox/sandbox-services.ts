import { MemberActions } from './actions/member-actions';
import { UpdateDispatcher } from './actions/update-dispatcher';
import { UserActions } from './actions/user-actions';
import { BotApiDispatcher } from './bot-api/bot-api-dispatcher';
import { webhookReplyHandler } from './bot-api/webhook-reply';
import { SandboxState } from './state/sandbox-state';

/** The sandbox's parts wired together around one state. */
export interface SandboxServices {
  state: SandboxState;
  updates: UpdateDispatcher;
  users: UserActions;
  members: MemberActions;
  api: BotApiDispatcher;
  /** Aborted when the sandbox stops: ends event streams and long polls. */
  closing: AbortSignal;
  close(): void;
}

export function createSandboxServices(state: SandboxState): SandboxServices {
  const updates = new UpdateDispatcher(state);
  const api = new BotApiDispatcher(state, updates);
  state.webhookReplyHandler = webhookReplyHandler(api);
  const closing = new AbortController();
  return {
    state,
    updates,
    users: new UserActions(state, updates),
    members: new MemberActions(state, updates),
    api,
    closing: closing.signal,
    close: () => {
      closing.abort();
      state.close();
    },
  };
}
