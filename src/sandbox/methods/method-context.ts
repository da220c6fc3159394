import { UpdateDispatcher } from '../actions/update-dispatcher';
import { SandboxBot } from '../state/sandbox-bot';
import { SandboxState } from '../state/sandbox-state';

export interface MethodContext {
  state: SandboxState;
  dispatcher: UpdateDispatcher;
  bot: SandboxBot;
  /** Parameters checked against the method's description and converted to their types. */
  params: Record<string, unknown>;
  /** Aborted when the caller goes away (long polling). */
  signal: AbortSignal;
}

/** A result that Telegram answers with a `description` next to it ("Webhook was set"). */
export class DescribedResult {
  constructor(
    readonly result: unknown,
    readonly description: string,
  ) {}
}

export interface MethodDefinition {
  /** The spec's parameters this emulation honours; sending any other one fails as not emulated. */
  params: readonly string[];
  /** Required parameters for which an empty string means something (setWebhook's url: remove it). */
  emptyAllowed?: readonly string[];
  handle: (ctx: MethodContext) => unknown;
}

export type MethodTable = Record<string, MethodDefinition>;
