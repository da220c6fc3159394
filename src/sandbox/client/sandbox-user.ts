import { SandboxChat } from './sandbox-chat';
import { SandboxBotHandle, UserSummary } from './sandbox-handles';

/** A person in the sandbox. */
export class SandboxUserHandle {
  readonly id: number;
  readonly firstName: string;
  readonly lastName?: string;
  readonly username?: string;
  readonly languageCode?: string;
  readonly phoneNumber: string;

  constructor(
    readonly user: UserSummary,
    private readonly openPrivateChat: (user: SandboxUserHandle, bot: SandboxBotHandle) => Promise<SandboxChat>,
  ) {
    this.id = user.id;
    this.firstName = user.first_name;
    this.lastName = user.last_name;
    this.username = user.username;
    this.languageCode = user.language_code;
    this.phoneNumber = user.phone_number;
  }

  /** The user's private chat with a bot (nothing is sent: write /start to begin). */
  privateChat(bot: SandboxBotHandle): Promise<SandboxChat> {
    return this.openPrivateChat(this, bot);
  }
}
