import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PasswordHasher } from '../../auth/password-hasher.service';
import { toUserDto, RegisterOrganizationDto, UserDto } from '../users/user.dto';
import { User } from '../users/user.entity';
import { emailTaken } from '../users/users.service';
import { Organization } from './organization.entity';

/** Creates organizations (self-service sign-up, the bootstrap admin, the demo). */
@Injectable()
export class OrganizationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly hasher: PasswordHasher,
  ) {}

  /** A new organization and its first vendor, in one transaction. */
  async registerOrganization(input: RegisterOrganizationDto): Promise<UserDto> {
    const passwordHash = await this.hasher.hash(input.password);
    try {
      return await this.dataSource.transaction(async (manager) => {
        const organization = await manager
          .getRepository(Organization)
          .save(manager.getRepository(Organization).create({ name: input.organizationName }));
        const user = await manager.getRepository(User).save(
          manager.getRepository(User).create({
            organizationId: organization.id,
            email: input.email.trim().toLowerCase(),
            name: input.name,
            role: 'vendor',
            customerId: null,
            passwordHash,
            disabledAt: null,
            lastLoginAt: null,
          }),
        );
        return toUserDto(user);
      });
    } catch (error) {
      throw emailTaken(error) ?? error;
    }
  }
}
