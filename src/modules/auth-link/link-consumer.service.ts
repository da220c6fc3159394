import { Inject, Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { Actor } from '../auth/policy.types';
import { CRM_PORT, CrmPort } from '../crm/crm.port';
import { LinkSessionsService } from './link-sessions.service';
import { LinkKind, parseLinkToken } from './link-token.util';
import { TelegramAccountRef, TelegramLinksRepository } from './telegram-links.repository';

/** The private chat opening a link (its id is the Telegram user's id). */
export interface LinkingChat extends TelegramAccountRef {
  firstName: string;
}

export type LinkOutcome =
  | { kind: 'invalid' }
  | { kind: 'expired' }
  | { kind: 'disabled' }
  /** The chat already stands for someone else: ask before moving it. */
  | { kind: 'confirm'; current: string; target: string }
  /** Linked and signed in as `profile`'s user. */
  | { kind: 'signed-in'; name: string; role: string; organization: string }
  /** Linked to a client for messages, without a sign-in (the link was made by staff). */
  | { kind: 'client-linked'; clientName: string; organization: string | null };

/** What a pending token links, read before anything changes. */
interface Target {
  kind: LinkKind;
  tokenHash: string;
  /** user: the staff user; client: the client's row. */
  userId: string | null;
  clientId: string | null;
  /** Whom the chat is signed in as once linked (null: nobody new). */
  signInActor: Actor | null;
  /** For the confirmation question. */
  description: string;
  clientName: string | null;
  organization: string | null;
}

/** What the transaction changed, for the steps after it committed. */
interface Applied {
  /** Another chat that had this identity, signed out now. */
  previousChat: string | null;
}

/**
 * `/start <token>`: checks the token, asks before moving a Telegram account that stands for
 * someone else, then in one transaction uses the token, links the account and signs the chat in.
 */
@Injectable()
export class LinkConsumerService {
  private readonly logger = new Logger(LinkConsumerService.name);

  constructor(
    private readonly links: TelegramLinksRepository,
    private readonly sessions: LinkSessionsService,
    @Inject(CRM_PORT) private readonly crm: CrmPort,
  ) {}

  /** `at` is when the person opened the link (the message's date). Nothing changes unless it answers linked. */
  async openLink(token: string, chat: LinkingChat, at: Date, confirmed: boolean): Promise<LinkOutcome> {
    const parsed = parseLinkToken(token);
    if (!parsed) return { kind: 'invalid' };
    const target = await this.findTarget(parsed.kind, parsed.hash, at);
    if (!('tokenHash' in target)) return target;

    const signedIn = await this.sessions.signedInUser(chat.telegramUserId);
    // A client's own user signed in by password stays signed in when staff link the client's chat.
    const keepSignIn =
      target.kind === 'client' && !target.signInActor && signedIn !== null
        ? (await this.crm.getActor(signedIn, 'telegram'))?.customerId === target.clientId
        : false;
    if (!confirmed) {
      const current = await this.currentIdentity(chat.telegramUserId, target, keepSignIn ? null : signedIn);
      if (current) return { kind: 'confirm', current, target: target.description };
    }

    const applied = await this.links.transaction((manager) =>
      target.kind === 'user'
        ? this.applyUserLink(manager, target, chat, at)
        : this.applyClientLink(manager, target, chat, at, keepSignIn ? signedIn : null),
    );
    if (!applied) return { kind: 'invalid' };

    if (target.signInActor) await this.crm.recordLogin(target.signInActor.userId);
    await this.sessions.refreshMenu(chat.telegramUserId);
    if (applied.previousChat) {
      await this.sessions.refreshMenu(applied.previousChat);
      await this.sessions.notify(
        applied.previousChat,
        'Your CRM account was linked to another Telegram account, so this chat is signed out. If that was not you, change your password.',
      );
    }
    this.logger.log(
      `Telegram account ${chat.telegramUserId} linked to ${target.kind} ${target.userId ?? target.clientId}` +
        (target.signInActor ? ` and signed in as user ${target.signInActor.userId}` : ''),
    );
    if (target.signInActor) {
      const profile = await this.crm.getProfile(target.signInActor);
      return { kind: 'signed-in', name: profile.name, role: profile.role, organization: profile.organization.name };
    }
    return {
      kind: 'client-linked',
      clientName: target.clientName ?? 'your client account',
      organization: target.organization,
    };
  }

  /** A token shown in a group is no longer secret: it stops working. */
  async voidToken(token: string): Promise<void> {
    const parsed = parseLinkToken(token);
    if (parsed) await this.links.voidToken(parsed.hash);
  }

  /** The chat signed out (/logout, a disabled account): whatever it was linked to, it is not any more. */
  async endLinksOfChat(chatId: number): Promise<void> {
    const ended = await this.links.transaction((manager) => this.links.detachTelegramAccount(manager, chatId));
    if (ended.userIds.length + ended.clientIds.length > 0) {
      this.logger.log(`Chat ${chatId} signed out: its Telegram links ended`);
    }
  }

  private async findTarget(
    kind: LinkKind,
    tokenHash: string,
    at: Date,
  ): Promise<Target | { kind: 'invalid' | 'expired' | 'disabled' }> {
    const row =
      kind === 'user'
        ? await this.links.findUserLinkByToken(tokenHash)
        : await this.links.findClientLinkByToken(tokenHash);
    if (!row) return { kind: 'invalid' };
    if (!row.tokenExpiresAt || row.tokenExpiresAt <= at) return { kind: 'expired' };

    if (kind === 'user') {
      const userId = (row as { userId: string }).userId;
      const actor = await this.crm.getActor(userId, 'telegram');
      if (!actor) return { kind: 'disabled' };
      const profile = await this.crm.getProfile(actor);
      return {
        kind,
        tokenHash,
        userId,
        clientId: null,
        signInActor: actor,
        description: describeProfile(profile),
        clientName: null,
        organization: profile.organization.name,
      };
    }

    const client = row as { clientId: string; tokenUserId: string | null; tokenCreatedById: string | null };
    let signInActor: Actor | null = null;
    if (client.tokenUserId) {
      signInActor = await this.crm.getActor(client.tokenUserId, 'telegram');
      if (!signInActor || signInActor.customerId !== client.clientId) return { kind: 'disabled' };
    }
    // The client's name, read as the person who made the link (they could see it then).
    const viewer = signInActor ?? (client.tokenCreatedById ? await this.crm.getActor(client.tokenCreatedById) : null);
    const customer = viewer ? await this.crm.getCustomer(viewer, client.clientId).catch(() => null) : null;
    const organization = viewer ? (await this.crm.getProfile(viewer)).organization.name : null;
    const clientName = customer?.name ?? null;
    return {
      kind,
      tokenHash,
      userId: null,
      clientId: client.clientId,
      signInActor,
      description: clientName ?? 'a client account',
      clientName,
      organization,
    };
  }

  /** How the chat stands for someone other than the target now, or null when it does not. */
  private async currentIdentity(chatId: number, target: Target, signedIn: string | null): Promise<string | null> {
    const { user, client } = await this.links.linksOfTelegramAccount(chatId);
    if (user && user.userId !== target.userId) {
      const name = await this.describeUser(user.userId);
      if (name) return `linked to the CRM account of ${name}`;
    }
    if (client && client.clientId !== target.clientId) return 'linked to a client account';
    if (signedIn && signedIn !== target.signInActor?.userId) {
      const name = await this.describeUser(signedIn);
      if (name) return `signed in as ${name}`;
    }
    return null;
  }

  private async describeUser(userId: string): Promise<string | null> {
    const actor = await this.crm.getActor(userId, 'telegram');
    return actor ? describeProfile(await this.crm.getProfile(actor)) : null;
  }

  private async applyUserLink(
    manager: EntityManager,
    target: Target,
    chat: LinkingChat,
    at: Date,
  ): Promise<Applied | null> {
    const consumed = await this.links.consumeUserToken(manager, target.tokenHash, at);
    if (!consumed) return null;
    await this.links.detachTelegramAccount(manager, chat.telegramUserId, { userLinkId: consumed.id });
    await this.links.attachUserLink(manager, consumed.id, chat, at);
    const previousChat = await this.signOutPreviousChat(
      manager,
      consumed.previousTelegramUserId,
      chat.telegramUserId,
      consumed.userId,
    );
    await this.sessions.signIn(manager, chat.telegramUserId, consumed.userId, at);
    return { previousChat };
  }

  private async applyClientLink(
    manager: EntityManager,
    target: Target,
    chat: LinkingChat,
    at: Date,
    keptUserId: string | null,
  ): Promise<Applied | null> {
    const consumed = await this.links.consumeClientToken(manager, target.tokenHash, at);
    if (!consumed) return null;
    await this.links.detachTelegramAccount(manager, chat.telegramUserId, { clientLinkId: consumed.id });
    const signInUserId = consumed.tokenUserId;
    await this.links.attachClientLink(manager, consumed.id, chat, signInUserId ?? keptUserId, at);
    const previousChat = consumed.previousUserId
      ? await this.signOutPreviousChat(
          manager,
          consumed.previousTelegramUserId,
          chat.telegramUserId,
          consumed.previousUserId,
        )
      : null;
    if (signInUserId) await this.sessions.signIn(manager, chat.telegramUserId, signInUserId, at);
    else if (!keptUserId) await this.sessions.signOut(manager, chat.telegramUserId, null);
    return { previousChat };
  }

  /** The identity's former chat, signed out when it was signed in as that user; null when none was. */
  private async signOutPreviousChat(
    manager: EntityManager,
    previous: string | null,
    chatId: number,
    userId: string,
  ): Promise<string | null> {
    if (!previous || previous === String(chatId)) return null;
    return (await this.sessions.signOut(manager, previous, userId)) ? previous : null;
  }
}

function describeProfile(profile: { name: string; role: string; organization: { name: string } }): string {
  return `${profile.name} (${profile.role}, ${profile.organization.name})`;
}
