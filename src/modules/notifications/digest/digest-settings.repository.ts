import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { DEFAULT_DIGEST_HOUR, DigestSetting } from './digest-setting.entity';

export interface DigestSettingChange {
  enabled?: boolean;
  hour?: number;
  timeZone?: string | null;
}

/** Staff users' digest choices (`notification_digest_settings`). */
@Injectable()
export class DigestSettingsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  get(organizationId: string, userId: string): Promise<DigestSetting | null> {
    return this.dataSource.getRepository(DigestSetting).findOneBy({ organizationId, userId });
  }

  /** The choices of these users (those without a row are absent). */
  async forUsers(userIds: readonly string[]): Promise<Map<string, DigestSetting>> {
    const settings = new Map<string, DigestSetting>();
    for (let start = 0; start < userIds.length; start += 5000) {
      const ids = userIds.slice(start, start + 5000);
      for (const row of await this.dataSource.getRepository(DigestSetting).findBy({ userId: In(ids) })) {
        settings.set(row.userId, row);
      }
    }
    return settings;
  }

  /** Creates the user's row or changes the fields given (the others keep their value). */
  async save(organizationId: string, userId: string, change: DigestSettingChange): Promise<DigestSetting> {
    const current = await this.get(organizationId, userId);
    await this.dataSource.query(
      `INSERT INTO notification_digest_settings (user_id, organization_id, enabled, hour, time_zone)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (user_id) DO UPDATE
          SET enabled = EXCLUDED.enabled, hour = EXCLUDED.hour, time_zone = EXCLUDED.time_zone, updated_at = now()`,
      [
        userId,
        organizationId,
        change.enabled ?? current?.enabled ?? true,
        change.hour ?? current?.hour ?? DEFAULT_DIGEST_HOUR,
        change.timeZone !== undefined ? change.timeZone : (current?.timeZone ?? null),
      ],
    );
    return this.dataSource.getRepository(DigestSetting).findOneByOrFail({ userId });
  }
}
