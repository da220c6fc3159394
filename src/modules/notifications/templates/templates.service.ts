import { Injectable } from '@nestjs/common';
import type { Actor } from '../../auth/policy.types';
import { isUniqueViolation } from '../../crm/common/query';
import { assertStaff, assertVendor } from '../api/access';
import { NotificationsErrorCode, NotificationsException } from '../notifications.exception';
import { NotificationTemplate } from './notification-template.entity';
import { NOTIFICATION_TYPE_NAMES, NOTIFICATION_TYPES, NotificationType, variablesOf } from './notification-types';
import {
  CreateTemplateDto,
  NotificationTypeDto,
  PreviewTemplateDto,
  TemplateDto,
  TemplatePreviewDto,
  UpdateTemplateDto,
} from './template.dto';
import { renderTemplate, TELEGRAM_TEXT_LIMIT, telegramTextLength, templateProblems } from './template-renderer';
import { TemplateResolver } from './template-resolver.service';
import { TemplatesRepository } from './templates.repository';

function toTemplateDto(row: NotificationTemplate): TemplateDto {
  return {
    id: row.id,
    type: row.notificationType,
    language: row.language,
    body: row.body,
    isDefault: false,
    updatedAt: row.updatedAt,
  };
}

/** Templates through the API: staff read them, vendors change them; every body is checked on save. */
@Injectable()
export class TemplatesService {
  constructor(
    private readonly templates: TemplatesRepository,
    private readonly resolver: TemplateResolver,
  ) {}

  async listTypes(actor: Actor): Promise<NotificationTypeDto[]> {
    assertStaff(actor);
    const own = await this.templates.listForOrganization(actor.organizationId);
    return NOTIFICATION_TYPE_NAMES.map((type) => {
      const mine = own.filter((t) => t.notificationType === type).map(toTemplateDto);
      const defaults = Object.entries(NOTIFICATION_TYPES[type].defaults as Record<string, string>)
        .filter(([language]) => !mine.some((t) => t.language === language))
        .map(([language, body]) => ({ id: null, type, language, body, isDefault: true, updatedAt: null }));
      return {
        type,
        description: NOTIFICATION_TYPES[type].description,
        variables: Object.keys(variablesOf(type)),
        templates: [...mine, ...defaults].sort((a, b) => a.language.localeCompare(b.language)),
      };
    });
  }

  async get(actor: Actor, id: string): Promise<TemplateDto> {
    assertStaff(actor);
    return toTemplateDto(await this.load(actor, id));
  }

  async create(actor: Actor, input: CreateTemplateDto): Promise<TemplateDto> {
    assertVendor(actor, 'change notification templates');
    const type = input.type as NotificationType;
    this.check(type, input.body);
    try {
      const saved = await this.templates.save({
        organizationId: actor.organizationId,
        notificationType: type,
        language: input.language,
        body: input.body,
        updatedById: actor.userId,
      });
      this.resolver.invalidate(actor.organizationId);
      return toTemplateDto(saved);
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const existing = await this.templates.findOne(actor.organizationId, type, input.language);
      throw new NotificationsException(
        NotificationsErrorCode.TEMPLATE_EXISTS,
        `There is a ${type} template in ${input.language} already: change it (PATCH /api/notifications/templates/${existing?.id}).`,
        { id: existing?.id },
      );
    }
  }

  async update(actor: Actor, id: string, input: UpdateTemplateDto): Promise<TemplateDto> {
    assertVendor(actor, 'change notification templates');
    const row = await this.load(actor, id);
    this.check(row.notificationType as NotificationType, input.body);
    const saved = await this.templates.save({ ...row, body: input.body, updatedById: actor.userId });
    this.resolver.invalidate(actor.organizationId);
    return toTemplateDto(saved);
  }

  /** The organization's template goes; the shipped default applies again. */
  async remove(actor: Actor, id: string): Promise<void> {
    assertVendor(actor, 'change notification templates');
    if (!(await this.templates.remove(actor.organizationId, id))) throw NotificationsException.notFound('Template', id);
    this.resolver.invalidate(actor.organizationId);
  }

  /** A template (the stored one, or `body`) rendered with sample data, as Telegram would get it. */
  async preview(actor: Actor, input: PreviewTemplateDto): Promise<TemplatePreviewDto> {
    assertStaff(actor);
    const type = input.type as NotificationType;
    const known = variablesOf(type);
    const template =
      input.body !== undefined
        ? { body: input.body, language: input.language ?? 'en' }
        : await this.resolver.resolve(actor.organizationId, type, input.language ?? 'en');
    if (input.body !== undefined) this.check(type, input.body);
    const unknown = Object.keys(input.variables ?? {}).filter((name) => !(name in known));
    if (unknown.length > 0) {
      throw NotificationsException.invalid('variables', [`unknown for ${type}: ${unknown.join(', ')}`]);
    }
    const html = renderTemplate(template.body, { ...known, ...input.variables });
    return { type, language: template.language, body: template.body, html, length: telegramTextLength(html) };
  }

  private check(type: NotificationType, body: string): void {
    const known = variablesOf(type);
    const problems = templateProblems(body, known);
    if (problems.length === 0) {
      const length = telegramTextLength(renderTemplate(body, known));
      if (length > TELEGRAM_TEXT_LIMIT) {
        problems.push(
          `rendered with the sample data it is ${length} characters; Telegram takes ${TELEGRAM_TEXT_LIMIT}`,
        );
      }
    }
    if (problems.length > 0) throw NotificationsException.invalid('body', problems);
  }

  private async load(actor: Actor, id: string): Promise<NotificationTemplate> {
    const row = await this.templates.getById(actor.organizationId, id);
    if (!row) throw NotificationsException.notFound('Template', id);
    return row;
  }
}
