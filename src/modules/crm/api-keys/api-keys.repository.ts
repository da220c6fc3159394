import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';
import { isUuid } from '../common/query';
import { ApiKey } from './api-key.entity';

@Injectable()
export class ApiKeysRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private get repo() {
    return this.dataSource.getRepository(ApiKey);
  }

  async listActive(organizationId: string, limit: number, offset: number): Promise<[ApiKey[], number]> {
    return this.repo.findAndCount({
      where: { organizationId, revokedAt: IsNull() },
      order: { createdAt: 'DESC', id: 'DESC' },
      take: limit,
      skip: offset,
    });
  }

  async getActiveById(organizationId: string, id: string): Promise<ApiKey | null> {
    if (!isUuid(id)) return null;
    return this.repo.findOne({ where: { organizationId, id, revokedAt: IsNull() } });
  }

  async findActiveByHash(keyHash: string): Promise<ApiKey | null> {
    return this.repo.findOne({ where: { keyHash, revokedAt: IsNull() } });
  }

  async insert(
    values: Pick<ApiKey, 'organizationId' | 'name' | 'prefix' | 'keyHash' | 'createdById'>,
  ): Promise<ApiKey> {
    return this.repo.save(this.repo.create({ ...values, lastUsedAt: null, revokedAt: null }));
  }

  async revoke(organizationId: string, id: string): Promise<void> {
    await this.repo.update({ organizationId, id }, { revokedAt: new Date() });
  }

  async touch(id: string, at: Date): Promise<void> {
    await this.repo.update({ id }, { lastUsedAt: at });
  }
}
