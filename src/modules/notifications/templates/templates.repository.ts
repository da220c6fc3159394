import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { NotificationTemplate } from './notification-template.entity';

/** An organization's own templates. */
@Injectable()
export class TemplatesRepository {
  constructor(@InjectRepository(NotificationTemplate) private readonly templates: Repository<NotificationTemplate>) {}

  listForOrganization(organizationId: string, notificationType?: string): Promise<NotificationTemplate[]> {
    return this.templates.find({
      where: { organizationId, ...(notificationType ? { notificationType } : {}) },
      order: { notificationType: 'ASC', language: 'ASC' },
    });
  }

  getById(organizationId: string, id: string): Promise<NotificationTemplate | null> {
    return this.templates.findOneBy({ organizationId, id });
  }

  findOne(organizationId: string, notificationType: string, language: string): Promise<NotificationTemplate | null> {
    return this.templates.findOneBy({ organizationId, notificationType, language });
  }

  save(template: Partial<NotificationTemplate>): Promise<NotificationTemplate> {
    return this.templates.save(this.templates.create(template));
  }

  async remove(organizationId: string, id: string): Promise<boolean> {
    const result = await this.templates.delete({ organizationId, id });
    return (result.affected ?? 0) > 0;
  }
}
