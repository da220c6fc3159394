import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Controller, Get, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AppException, CommonErrorCode } from '../../core/http/app.exception';
import { TelegramConnection } from '../../core/telegram/telegram-connection';
import { DemoSeedService } from '../crm/seed/demo-seed.service';

// A plain file next to this one (copied to dist by swc --copy-files): no build step. Read on
// first use, so that an app without the sandbox never needs it.
let cachedPage: string | undefined;
const pageHtml = (): string => (cachedPage ??= readFileSync(join(__dirname, 'link-page.html'), 'utf8'));

/**
 * `/sandbox/link`: try linking in local mode. Sign in as a demo user, make a link, see its QR
 * code, open it in the sandbox chat, watch the status flip. Only with the in-process sandbox.
 */
@ApiExcludeController()
@Controller('sandbox/link')
export class LinkPageController {
  constructor(
    private readonly connection: TelegramConnection,
    private readonly seed: DemoSeedService,
  ) {}

  @Get()
  page(@Res({ passthrough: true }) reply: FastifyReply): string {
    if (!this.connection.isSandbox) {
      throw new AppException(CommonErrorCode.NOT_FOUND, 'The linking page exists only with the local sandbox.', 404);
    }
    // Set here, not with @Header(): an error answer must stay JSON.
    void reply.header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store');
    const logins = (this.seed.result()?.logins ?? []).filter((l) => l.password);
    // JSON inside <script>: no "</script>" can end it early.
    return pageHtml().replace('/* demo logins */ []', JSON.stringify(logins).replace(/</g, '\\u003c'));
  }
}
