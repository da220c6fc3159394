import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { PolicyService } from '../../auth/policy.service';
import type { Actor } from '../../auth/policy.types';
import { Page, PageRequest, pageWindow } from '../common/page';
import { CrmException } from '../crm.exception';
import { UsersService } from '../users/users.service';
import { ApiKeyDto, CreateApiKeyDto, CreatedApiKeyDto, toApiKeyDto } from './api-key.dto';
import { ApiKeysRepository } from './api-keys.repository';

const KEY_PREFIX = 'tcrm_';
// lastUsedAt is a hint for people, not an audit log: one write a minute per key at most.
const TOUCH_EVERY_MS = 60_000;

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** Keys of machine clients (X-Api-Key), made by vendors; a key acts as the vendor who made it. */
@Injectable()
export class ApiKeysService {
  constructor(
    private readonly keys: ApiKeysRepository,
    private readonly users: UsersService,
    private readonly policy: PolicyService,
  ) {}

  async list(actor: Actor, page: PageRequest): Promise<Page<ApiKeyDto>> {
    const { organizationId } = this.policy.readScope(actor, 'apiKeys');
    const { limit, offset } = pageWindow(page);
    const [rows, total] = await this.keys.listActive(organizationId, limit, offset);
    return { items: rows.map(toApiKeyDto), total, limit, offset };
  }

  async create(actor: Actor, input: CreateApiKeyDto): Promise<CreatedApiKeyDto> {
    this.policy.assertAllowed(actor, 'create', 'apiKeys');
    this.policy.assertCan(actor, 'create', 'apiKeys', { organizationId: actor.organizationId });
    const key = KEY_PREFIX + randomBytes(32).toString('base64url');
    const row = await this.keys.insert({
      organizationId: actor.organizationId,
      name: input.name,
      prefix: key.slice(0, 12),
      keyHash: hashApiKey(key),
      createdById: actor.userId,
    });
    return { ...toApiKeyDto(row), key };
  }

  async revoke(actor: Actor, id: string): Promise<void> {
    this.policy.assertAllowed(actor, 'delete', 'apiKeys');
    const key = await this.keys.getActiveById(actor.organizationId, id);
    if (!key) throw CrmException.notFound('API key', id);
    this.policy.assertCan(actor, 'delete', 'apiKeys', key);
    await this.keys.revoke(actor.organizationId, key.id);
  }

  /** The actor a key stands for, or null for an unknown or revoked key or a disabled maker. */
  async authenticate(key: string): Promise<Actor | null> {
    if (!key.startsWith(KEY_PREFIX)) return null;
    const row = await this.keys.findActiveByHash(hashApiKey(key));
    if (!row) return null;
    const actor = await this.users.getActor(row.createdById, 'api-key');
    if (!actor || actor.organizationId !== row.organizationId) return null;
    const now = new Date();
    if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > TOUCH_EVERY_MS) {
      await this.keys.touch(row.id, now);
    }
    return { ...actor, apiKeyId: row.id };
  }
}
