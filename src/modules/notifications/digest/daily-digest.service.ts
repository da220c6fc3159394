import { Injectable, Logger } from '@nestjs/common';
import { TelegramRecipientsService } from '../../auth-link/telegram-recipients.service';
import { CrmDirectory, PersonRef } from '../crm/crm-directory.service';
import { PRIORITY } from '../notifications.constants';
import { NotificationsRepository } from '../outbox/notifications.repository';
import { NotificationRequest, OutboxService } from '../outbox/outbox.service';
import { DIGEST_LIST_LENGTH, digestDateAt, digestKey, digestVariables } from './digest-content';
import { DigestSettingsRepository } from './digest-settings.repository';

const WRITE_BATCH = 100;

export interface DailyDigestResult extends Record<string, number> {
  /** Staff users whose digest hour has come (with or without one already written for the day). */
  due: number;
  written: number;
  alreadySent: number;
  notLinked: number;
  /** Nothing open: no digest. */
  nothingOpen: number;
}

/**
 * Writes each staff user's daily digest of their open tickets and deals, once per user and local
 * day (`digest:<userId>:<date>`), when their digest hour has come at `now`.
 */
@Injectable()
export class DailyDigestService {
  private readonly logger = new Logger(DailyDigestService.name);

  constructor(
    private readonly directory: CrmDirectory,
    private readonly settings: DigestSettingsRepository,
    private readonly recipients: TelegramRecipientsService,
    private readonly rows: NotificationsRepository,
    private readonly outbox: OutboxService,
  ) {}

  async run(now: Date, fallbackTimeZone: string): Promise<DailyDigestResult> {
    const result: DailyDigestResult = { due: 0, written: 0, alreadySent: 0, notLinked: 0, nothingOpen: 0 };
    const staff = await this.directory.allStaff();
    const choices = await this.settings.forUsers(staff.map((s) => s.id));
    const candidates: { user: PersonRef; key: string }[] = [];
    for (const user of staff) {
      const date = digestDateAt(now, choices.get(user.id), fallbackTimeZone);
      if (date) candidates.push({ user, key: digestKey(user.id, date) });
    }
    const existing = await this.rows.existingKeys(
      candidates.map((c) => ({ organizationId: c.user.organizationId, idempotencyKey: c.key })),
    );
    const due = candidates.filter((c) => !existing.has(`${c.user.organizationId}:${c.key}`));
    result.due = candidates.length;
    result.alreadySent = candidates.length - due.length;
    // Only users Telegram can reach are worth reading the CRM for.
    const linked = await this.recipients.findForUsers(due.map((c) => c.user.id));
    const reachable = due.filter((c) => linked.has(c.user.id));
    result.notLinked = due.length - reachable.length;

    for (let start = 0; start < reachable.length; start += WRITE_BATCH) {
      const requests: NotificationRequest[] = [];
      for (const { user, key } of reachable.slice(start, start + WRITE_BATCH)) {
        const work = await this.directory.openWorkOf(user.organizationId, user.id, DIGEST_LIST_LENGTH);
        if (work.ticketCount === 0 && work.dealCount === 0) {
          result.nothingOpen += 1;
          continue;
        }
        requests.push({
          organizationId: user.organizationId,
          recipient: { type: 'user', id: user.id },
          type: 'digest',
          variables: (language) => digestVariables(user.name, work, language),
          referenceId: null,
          idempotencyKey: key,
          priority: PRIORITY.bulk,
        });
      }
      const written = await this.outbox.write(requests);
      result.written += written.written.length;
      result.alreadySent += written.duplicates;
      result.notLinked += written.skipped.length;
    }
    this.logger.log(
      `Daily digest: ${result.written} written for ${result.due} user(s) due (${result.nothingOpen} with nothing open, ` +
        `${result.notLinked} without Telegram, ${result.alreadySent} already sent)`,
    );
    return result;
  }
}
