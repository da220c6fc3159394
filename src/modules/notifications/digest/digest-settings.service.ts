import { Injectable } from '@nestjs/common';
import type { Actor } from '../../auth/policy.types';
import { assertStaff } from '../api/access';
import { SCHEDULES } from '../schedules/schedule-definitions';
import { SchedulesRepository } from '../schedules/schedules.repository';
import { DEFAULT_DIGEST_HOUR, DigestSetting } from './digest-setting.entity';
import { DigestSettingsDto, UpdateDigestSettingsDto } from './digest-settings.dto';
import { DigestSettingsRepository } from './digest-settings.repository';

/** A staff user's own choices for their daily digest. */
@Injectable()
export class DigestSettingsService {
  constructor(
    private readonly settings: DigestSettingsRepository,
    private readonly schedules: SchedulesRepository,
  ) {}

  async get(actor: Actor): Promise<DigestSettingsDto> {
    assertStaff(actor);
    return this.toDto(await this.settings.get(actor.organizationId, actor.userId));
  }

  async update(actor: Actor, change: UpdateDigestSettingsDto): Promise<DigestSettingsDto> {
    assertStaff(actor);
    return this.toDto(await this.settings.save(actor.organizationId, actor.userId, change));
  }

  private async toDto(row: DigestSetting | null): Promise<DigestSettingsDto> {
    const schedule = await this.schedules.get('daily-digest');
    const fallback = schedule?.timeZone ?? SCHEDULES['daily-digest'].timeZone;
    return {
      enabled: row?.enabled ?? true,
      hour: row?.hour ?? DEFAULT_DIGEST_HOUR,
      timeZone: row?.timeZone ?? null,
      effectiveTimeZone: row?.timeZone ?? fallback,
    };
  }
}
