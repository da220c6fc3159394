import { UpdateDispatcher } from '../actions/update-dispatcher';
import { BOT_METHODS } from '../methods/bot-methods';
import { CHAT_METHODS } from '../methods/chat-methods';
import { EDIT_METHODS } from '../methods/edit-methods';
import { DescribedResult, MethodTable } from '../methods/method-context';
import { SEND_METHODS } from '../methods/send-methods';
import { UPDATE_METHODS } from '../methods/update-methods';
import { RecordedCall } from '../state/call-log';
import { SandboxBot } from '../state/sandbox-bot';
import { SandboxState } from '../state/sandbox-state';
import { BotApiError } from './bot-api-error';
import { loadBotApiSpec } from './bot-api-spec';
import { coerceParams } from './param-coercion';
import { describeIssue } from './spec-validator';
import { specValidator } from './update-validator';

/** The Bot API methods the sandbox emulates; every other method of the spec fails as not emulated. */
export const EMULATED_METHODS: MethodTable = {
  ...BOT_METHODS,
  ...UPDATE_METHODS,
  ...SEND_METHODS,
  ...EDIT_METHODS,
  ...CHAT_METHODS,
};

export interface CallOutcome {
  result: unknown;
  description?: string;
}

/** Runs one Bot API call: method lookup, parameter checks, the emulation, the call log. */
export class BotApiDispatcher {
  private readonly methodNames = new Map<string, string>();

  constructor(
    private readonly state: SandboxState,
    private readonly updates: UpdateDispatcher,
  ) {
    // Bot API method names are case-insensitive.
    for (const name of Object.keys(loadBotApiSpec().methods)) this.methodNames.set(name.toLowerCase(), name);
  }

  async call(bot: SandboxBot, method: string, raw: Record<string, unknown>, signal: AbortSignal): Promise<CallOutcome> {
    const name = this.methodNames.get(method.toLowerCase()) ?? method;
    try {
      const outcome = await this.run(bot, name, raw, signal);
      this.record(bot, name, raw, { ok: true, result: outcome.result });
      return outcome;
    } catch (error) {
      const apiError =
        error instanceof BotApiError
          ? error
          : new BotApiError(500, `Internal Server Error: ${(error as Error).message}`);
      this.record(bot, name, raw, { ok: false, error: apiError.toBody() });
      throw apiError;
    }
  }

  /** Records a call that a fault injection answered instead of the emulation. */
  recordFault(bot: SandboxBot, method: string, raw: Record<string, unknown>, error: BotApiError): void {
    this.record(bot, this.methodNames.get(method.toLowerCase()) ?? method, raw, { ok: false, error: error.toBody() });
  }

  private async run(bot: SandboxBot, name: string, raw: Record<string, unknown>, signal: AbortSignal) {
    const spec = loadBotApiSpec().methods[name];
    if (!spec) throw new BotApiError(404, 'Not Found');
    const definition = EMULATED_METHODS[name];
    if (!definition) throw BotApiError.notEmulated(`method ${name}`);
    const params = coerceParams(spec, raw, definition.emptyAllowed);
    const unsupported = Object.keys(params).find((param) => !definition.params.includes(param));
    if (unsupported) throw BotApiError.notEmulated(`parameter "${unsupported}" of ${name}`);
    const returned = await definition.handle({ state: this.state, dispatcher: this.updates, bot, params, signal });
    const outcome =
      returned instanceof DescribedResult
        ? { result: returned.result, description: returned.description }
        : { result: returned };
    // What the sandbox answers must be what Telegram could answer (updates were checked when queued).
    if (name !== 'getUpdates') {
      const issue = specValidator().check(outcome.result, spec.returns, 'result', {
        unknownFields: 'reject',
        checkEnums: true,
      });
      if (issue) throw new Error(`the sandbox built an invalid ${spec.returns.join('|')}: ${describeIssue(issue)}`);
    }
    return outcome;
  }

  private record(
    bot: SandboxBot,
    method: string,
    raw: Record<string, unknown>,
    outcome: Pick<RecordedCall, 'ok' | 'result' | 'error'>,
  ): void {
    const params = JSON.parse(JSON.stringify(raw)) as Record<string, unknown>;
    const call = this.state.calls.record({
      time: this.state.clock.now(),
      botId: bot.id,
      method,
      params,
      ...outcome,
    });
    this.state.events.push('call', {
      callSeq: call.seq,
      botId: bot.id,
      method,
      ok: call.ok,
      chatId: params.chat_id,
      error: call.error?.description,
    });
  }
}
