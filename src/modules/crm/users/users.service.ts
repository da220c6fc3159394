import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuthErrorCode, AuthException } from '../../auth/auth.exception';
import { PasswordHasher } from '../../auth/password-hasher.service';
import { PolicyService } from '../../auth/policy.service';
import { Actor, STAFF_ROLES } from '../../auth/policy.types';
import { Page, pageWindow } from '../common/page';
import { isUniqueViolation, isUuid } from '../common/query';
import { CrmErrorCode, CrmException } from '../crm.exception';
import { CustomersRepository } from '../customers/customers.repository';
import { Organization } from '../organizations/organization.entity';
import {
  CreateUserDto,
  ProfileDto,
  toUserDto,
  UpdateProfileDto,
  UpdateUserDto,
  UserDto,
  UserQueryDto,
} from './user.dto';
import { User } from './user.entity';
import { UsersRepository } from './users.repository';

export type CredentialCheck = { ok: true; user: UserDto } | { ok: false; reason: 'invalid' | 'disabled' };

/** Accounts: staff and customer users, their passwords and what they may do. */
@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UsersRepository,
    private readonly customers: CustomersRepository,
    private readonly policy: PolicyService,
    private readonly hasher: PasswordHasher,
  ) {}

  async list(actor: Actor, query: UserQueryDto): Promise<Page<UserDto>> {
    const scope = this.policy.readScope(actor, 'users');
    const { limit, offset } = pageWindow(query);
    const [rows, total] = await this.users.list(scope, { role: query.role, search: query.search }, limit, offset);
    return { items: rows.map(toUserDto), total, limit, offset };
  }

  async get(actor: Actor, id: string): Promise<UserDto> {
    const user = await this.users.findById(this.policy.readScope(actor, 'users'), id);
    if (!user) throw CrmException.notFound('User', id);
    return toUserDto(user);
  }

  async create(actor: Actor, input: CreateUserDto): Promise<UserDto> {
    this.policy.assertAllowed(actor, 'create', 'users');
    this.policy.assertCan(actor, 'create', 'users', { organizationId: actor.organizationId });
    if (input.role === 'customer') {
      if (!input.customerId) {
        throw new CrmException(CrmErrorCode.VALIDATION_FAILED, 'A customer user needs customerId.', [
          { field: 'customerId', problems: ['customerId is required for role customer'] },
        ]);
      }
      if (!(await this.customers.getById(actor.organizationId, input.customerId))) {
        throw CrmException.notFound('Customer', input.customerId);
      }
    } else if (input.customerId) {
      throw new CrmException(CrmErrorCode.VALIDATION_FAILED, 'Only customer users belong to a customer.', [
        { field: 'customerId', problems: ['customerId is only allowed for role customer'] },
      ]);
    }
    const passwordHash = await this.hasher.hash(input.password);
    try {
      const user = await this.dataSource.getRepository(User).save(
        this.dataSource.getRepository(User).create({
          organizationId: actor.organizationId,
          email: input.email,
          name: input.name,
          role: input.role,
          customerId: input.role === 'customer' ? (input.customerId ?? null) : null,
          passwordHash,
          disabledAt: null,
          lastLoginAt: null,
        }),
      );
      return toUserDto(user);
    } catch (error) {
      throw emailTaken(error) ?? error;
    }
  }

  async update(actor: Actor, id: string, input: UpdateUserDto): Promise<UserDto> {
    this.policy.assertAllowed(actor, 'update', 'users');
    const scope = this.policy.readScope(actor, 'users');
    const passwordHash = input.password !== undefined ? await this.hasher.hash(input.password) : undefined;
    return this.dataSource.transaction(async (manager) => {
      const user = await this.users.findById(scope, id, manager, true);
      if (!user) throw CrmException.notFound('User', id);
      this.policy.assertCan(actor, 'update', 'users', { organizationId: user.organizationId, userId: user.id });
      // A vendor who demoted or disabled themselves could lock the organization out.
      if (user.id === actor.userId && ((input.role && input.role !== user.role) || input.disabled === true)) {
        throw new CrmException(CrmErrorCode.CANNOT_CHANGE_SELF, 'You cannot change your own role or disable yourself.');
      }
      if (input.role !== undefined && input.role !== user.role) {
        if (user.role === 'customer' || input.role === 'customer') {
          throw new CrmException(
            CrmErrorCode.INVALID_ROLE_CHANGE,
            'Only staff roles change (vendor <-> employee); create a new account for a customer.',
          );
        }
        user.role = input.role;
      }
      if (input.name !== undefined) user.name = input.name;
      if (passwordHash !== undefined) user.passwordHash = passwordHash;
      if (input.disabled !== undefined) user.disabledAt = input.disabled ? (user.disabledAt ?? new Date()) : null;
      return toUserDto(await manager.getRepository(User).save(user));
    });
  }

  async remove(actor: Actor, id: string): Promise<void> {
    this.policy.assertAllowed(actor, 'delete', 'users');
    const scope = this.policy.readScope(actor, 'users');
    await this.dataSource.transaction(async (manager) => {
      const user = await this.users.findById(scope, id, manager, true);
      if (!user) throw CrmException.notFound('User', id);
      this.policy.assertCan(actor, 'delete', 'users', { organizationId: user.organizationId, userId: user.id });
      if (user.id === actor.userId) {
        throw new CrmException(CrmErrorCode.CANNOT_CHANGE_SELF, 'You cannot delete your own account.');
      }
      await manager.getRepository(User).delete({ id: user.id, organizationId: user.organizationId });
    });
  }

  // --- identity (used by login, the guard, the bot) ---

  async findByEmail(email: string): Promise<UserDto | null> {
    const user = await this.users.findByEmail(email);
    return user ? toUserDto(user) : null;
  }

  /** Checks a password; a disabled account is reported only to someone who knows its password. */
  async verifyCredentials(email: string, password: string): Promise<CredentialCheck> {
    const user = await this.users.findByEmail(email);
    if (!user) {
      await this.hasher.verifyNothing(password);
      return { ok: false, reason: 'invalid' };
    }
    if (!(await this.hasher.verify(user.passwordHash, password))) return { ok: false, reason: 'invalid' };
    if (user.disabledAt) return { ok: false, reason: 'disabled' };
    return { ok: true, user: toUserDto(user) };
  }

  async recordLogin(userId: string): Promise<void> {
    await this.users.touchLastLogin(userId);
  }

  /** The actor a user id stands for now, or null when the account is gone or disabled. */
  async getActor(userId: string, via: Actor['via'] = 'token'): Promise<Actor | null> {
    const user = await this.users.findByIdUnscoped(userId);
    if (!user || user.disabledAt) return null;
    return {
      userId: user.id,
      organizationId: user.organizationId,
      role: user.role,
      name: user.name,
      customerId: user.customerId,
      via,
    };
  }

  async getProfile(actor: Actor): Promise<ProfileDto> {
    const user = await this.users.getById(actor.organizationId, actor.userId);
    if (!user) throw CrmException.notFound('User', actor.userId);
    const organization = await this.dataSource
      .getRepository(Organization)
      .findOneOrFail({ where: { id: user.organizationId } });
    return { ...toUserDto(user), organization: { id: organization.id, name: organization.name } };
  }

  /** Any user changes their own name and password (the current one is required for a new one). */
  async updateProfile(actor: Actor, input: UpdateProfileDto): Promise<ProfileDto> {
    const user = await this.users.getById(actor.organizationId, actor.userId);
    if (!user) throw CrmException.notFound('User', actor.userId);
    const changes: Partial<User> = {};
    if (input.name !== undefined) changes.name = input.name;
    if (input.newPassword !== undefined) {
      if (!input.currentPassword || !(await this.hasher.verify(user.passwordHash, input.currentPassword))) {
        throw new AuthException(AuthErrorCode.WRONG_PASSWORD, 'The current password is wrong.');
      }
      changes.passwordHash = await this.hasher.hash(input.newPassword);
    }
    if (Object.keys(changes).length > 0) {
      await this.dataSource.getRepository(User).update({ id: user.id, organizationId: user.organizationId }, changes);
    }
    return this.getProfile(actor);
  }

  /**
   * Checks that a record may be assigned to `assigneeId`: 404 for a user outside the
   * organization (no existence leak), 400 for a customer or disabled account.
   */
  async assertAssignable(organizationId: string, assigneeId: string, manager?: EntityManager): Promise<void> {
    const user = await this.users.getById(organizationId, assigneeId, manager);
    if (!user) throw CrmException.notFound('User', assigneeId);
    if (!STAFF_ROLES.includes(user.role) || user.disabledAt) {
      throw new CrmException(
        CrmErrorCode.INVALID_ASSIGNEE,
        'Records are assigned to active staff (vendor or employee).',
      );
    }
  }

  /** 404 unless the user exists in the organization (list filters by assignee). */
  async assertExists(organizationId: string, userId: string): Promise<void> {
    if (!isUuid(userId) || !(await this.users.getById(organizationId, userId))) {
      throw CrmException.notFound('User', userId);
    }
  }
}

export function emailTaken(error: unknown): CrmException | undefined {
  return isUniqueViolation(error, 'uq_users_email')
    ? new CrmException(CrmErrorCode.EMAIL_TAKEN, 'An account with this email already exists.')
    : undefined;
}
