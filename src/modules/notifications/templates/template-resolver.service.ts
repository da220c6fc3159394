import { Injectable } from '@nestjs/common';
import { NOTIFICATION_TYPES, NotificationType } from './notification-types';
import { TemplatesRepository } from './templates.repository';

export interface ResolvedTemplate {
  body: string;
  language: string;
  /** True when it is the shipped default, false when the organization's own. */
  isDefault: boolean;
  id: string | null;
}

// An organization's templates are read at most this often per type (each instance keeps its
// own copy; an edit made elsewhere shows within this time).
const CACHE_MS = 5000;

/** The languages to try for a Telegram `language_code`: itself, its base language, then English. */
export function languageCandidates(languageCode: string | null | undefined): string[] {
  const code = (languageCode ?? '').trim().toLowerCase();
  const base = code.split(/[-_]/)[0];
  return [...new Set([code, base, 'en'].filter((c) => /^[a-z]{2,3}(-[a-z0-9]{2,8})?$/.test(c)))];
}

/** Picks the template of a type for a recipient's language: the organization's, else the shipped one. */
@Injectable()
export class TemplateResolver {
  private readonly cache = new Map<string, { at: number; byLanguage: Map<string, { id: string; body: string }> }>();

  constructor(private readonly templates: TemplatesRepository) {}

  async resolve(
    organizationId: string,
    type: NotificationType,
    languageCode: string | null,
  ): Promise<ResolvedTemplate> {
    const own = await this.ownTemplates(organizationId, type);
    const defaults: Record<string, string> = NOTIFICATION_TYPES[type].defaults;
    for (const language of languageCandidates(languageCode)) {
      const custom = own.get(language);
      if (custom) return { body: custom.body, language, isDefault: false, id: custom.id };
      if (defaults[language]) return { body: defaults[language], language, isDefault: true, id: null };
    }
    return { body: defaults.en, language: 'en', isDefault: true, id: null };
  }

  /** Forget what was read (after an edit in this instance). */
  invalidate(organizationId: string): void {
    for (const key of this.cache.keys()) if (key.startsWith(`${organizationId}:`)) this.cache.delete(key);
  }

  private async ownTemplates(
    organizationId: string,
    type: NotificationType,
  ): Promise<Map<string, { id: string; body: string }>> {
    const key = `${organizationId}:${type}`;
    const cached = this.cache.get(key);
    if (cached && Date.now() - cached.at < CACHE_MS) return cached.byLanguage;
    const rows = await this.templates.listForOrganization(organizationId, type);
    const byLanguage = new Map(rows.map((r) => [r.language, { id: r.id, body: r.body }]));
    this.cache.set(key, { at: Date.now(), byLanguage });
    return byLanguage;
  }
}
