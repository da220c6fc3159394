import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { InjectBot } from 'nestjs-telegraf';
import { Context, Telegraf } from 'telegraf';
import { Repository } from 'typeorm';
import { AppConfig } from '../../../core/config/app-config';
import { TelegramConnection } from '../../../core/telegram/telegram-connection';
import { IncomingFile } from './incoming-file.util';
import { TelegramFile } from './telegram-file.entity';

// Telegram lets bots download files of up to 20 MB (the Bot API's getFile limit).
export const TELEGRAM_DOWNLOAD_LIMIT = 20 * 1024 * 1024;

export type DownloadOutcome =
  | { kind: 'stored'; path: string; bytes: number }
  | { kind: 'too-large'; bytes: number }
  | { kind: 'failed'; reason: string };

/** Files people send the bot: recorded on arrival, downloaded into DATA_DIR/files on request. */
@Injectable()
export class TelegramFilesService {
  private readonly logger = new Logger(TelegramFilesService.name);

  constructor(
    @InjectRepository(TelegramFile) private readonly files: Repository<TelegramFile>,
    @InjectBot() private readonly bot: Telegraf<Context>,
    private readonly connection: TelegramConnection,
    private readonly config: AppConfig,
  ) {}

  async record(chatId: number, messageId: number, file: IncomingFile): Promise<void> {
    await this.files.upsert(
      {
        fileUniqueId: file.fileUniqueId,
        fileId: file.fileId,
        chatId: String(chatId),
        messageId,
        kind: file.kind,
        fileName: file.fileName,
        mimeType: file.mimeType,
        fileSize: file.fileSize === null ? null : String(file.fileSize),
      },
      ['fileUniqueId'],
    );
  }

  findByUniqueId(fileUniqueId: string): Promise<TelegramFile | null> {
    return this.files.findOneBy({ fileUniqueId });
  }

  /** Downloads a recorded file (getFile, then the file URL) unless it is above Telegram's 20 MB. */
  async download(fileUniqueId: string): Promise<DownloadOutcome> {
    const file = await this.findByUniqueId(fileUniqueId);
    if (!file) return { kind: 'failed', reason: 'unknown file' };
    const declared = file.fileSize === null ? null : Number(file.fileSize);
    if (declared !== null && declared > TELEGRAM_DOWNLOAD_LIMIT) return { kind: 'too-large', bytes: declared };
    try {
      const info = await this.bot.telegram.getFile(file.fileId);
      if (!info.file_path) return { kind: 'failed', reason: 'Telegram gave no file path' };
      const url = `${this.connection.apiRoot}/file/bot${this.connection.token}/${info.file_path}`;
      const response = await fetch(url);
      if (!response.ok) return { kind: 'failed', reason: `download answered ${response.status}` };
      const body = Buffer.from(await response.arrayBuffer());
      if (body.length > TELEGRAM_DOWNLOAD_LIMIT) return { kind: 'too-large', bytes: body.length };
      const relative = join(file.chatId, `${file.fileUniqueId}${extensionOf(file)}`);
      const target = join(this.config.dataDir, 'files', relative);
      await mkdir(join(this.config.dataDir, 'files', file.chatId), { recursive: true });
      await writeFile(target, body);
      await this.files.update({ fileUniqueId }, { storedPath: relative, downloadedAt: new Date() });
      return { kind: 'stored', path: target, bytes: body.length };
    } catch (error) {
      const reason = (error as { description?: string }).description ?? (error as Error).message;
      this.logger.warn(`Could not download file ${fileUniqueId}: ${reason}`);
      return { kind: 'failed', reason };
    }
  }
}

function extensionOf(file: TelegramFile): string {
  const fromName = /\.[A-Za-z0-9]{1,8}$/.exec(file.fileName ?? '')?.[0];
  if (fromName) return fromName;
  return file.kind === 'photo' ? '.jpg' : '';
}
