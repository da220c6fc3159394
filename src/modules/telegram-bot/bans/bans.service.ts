import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { TelegramBlockedUser } from './telegram-blocked-user.entity';

export interface BanDto {
  telegramId: string;
  reason: string | null;
  bannedBy: string | null;
  createdAt: Date;
}

/** The ban list; the inbox consults it when it stores updates. */
@Injectable()
export class BansService {
  constructor(@InjectRepository(TelegramBlockedUser) private readonly bans: Repository<TelegramBlockedUser>) {}

  async ban(telegramId: string, reason: string | null, bannedBy: string): Promise<BanDto> {
    await this.bans.upsert({ telegramId, reason, bannedBy }, ['telegramId']);
    return this.toDto((await this.bans.findOneByOrFail({ telegramId })) as TelegramBlockedUser);
  }

  /** True when there was a ban to lift. */
  async unban(telegramId: string): Promise<boolean> {
    return ((await this.bans.delete({ telegramId })).affected ?? 0) > 0;
  }

  async list(limit: number, offset: number): Promise<{ items: BanDto[]; total: number }> {
    const [rows, total] = await this.bans.findAndCount({ order: { createdAt: 'DESC' }, take: limit, skip: offset });
    return { items: rows.map((r) => this.toDto(r)), total };
  }

  private toDto(row: TelegramBlockedUser): BanDto {
    return { telegramId: row.telegramId, reason: row.reason, bannedBy: row.bannedBy, createdAt: row.createdAt };
  }
}
