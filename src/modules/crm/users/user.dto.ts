import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsEmail, IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { ROLES, Role } from '../../auth/policy.types';
import { PageQueryDto } from '../common/page';
import { IsOptionalNotNull, toLowerTrimmed, trimmed } from '../common/validation';
import { User } from './user.entity';

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 200;

export class UserDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  organizationId!: string;

  @ApiProperty({ example: 'ann@example.test' })
  email!: string;

  @ApiProperty({ example: 'Ann Vendor' })
  name!: string;

  @ApiProperty({ enum: ROLES })
  role!: Role;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The customer a customer user belongs to' })
  customerId!: string | null;

  @ApiProperty()
  disabled!: boolean;

  @ApiProperty({ type: Date, nullable: true })
  lastLoginAt!: Date | null;

  @ApiProperty()
  createdAt!: Date;

  @ApiProperty()
  updatedAt!: Date;
}

export function toUserDto(u: User): UserDto {
  return {
    id: u.id,
    organizationId: u.organizationId,
    email: u.email,
    name: u.name,
    role: u.role,
    customerId: u.customerId,
    disabled: u.disabledAt !== null,
    lastLoginAt: u.lastLoginAt,
    createdAt: u.createdAt,
    updatedAt: u.updatedAt,
  };
}

export class OrganizationSummaryDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'Demo Company' })
  name!: string;
}

/** The signed-in user with their organization. */
export class ProfileDto extends UserDto {
  @ApiProperty({ type: OrganizationSummaryDto })
  organization!: OrganizationSummaryDto;
}

export class CreateUserDto {
  @ApiProperty({ example: 'new.employee@example.test' })
  @Transform(toLowerTrimmed)
  @IsEmail()
  @MaxLength(320)
  email!: string;

  @ApiProperty({ example: 'New Employee' })
  @Transform(trimmed)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  @ApiProperty({ minLength: PASSWORD_MIN_LENGTH, example: 'a-long-password' })
  @IsString()
  @MinLength(PASSWORD_MIN_LENGTH)
  @MaxLength(PASSWORD_MAX_LENGTH)
  password!: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role!: Role;

  @ApiPropertyOptional({ format: 'uuid', description: 'Required for role customer: the customer they belong to' })
  @IsOptional()
  @IsUUID()
  customerId?: string;
}

export class UpdateUserDto {
  @ApiPropertyOptional()
  @IsOptionalNotNull()
  @Transform(trimmed)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ enum: ['vendor', 'employee'], description: 'Staff only: vendor or employee' })
  @IsOptionalNotNull()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional({ minLength: PASSWORD_MIN_LENGTH, description: 'Sets a new password' })
  @IsOptionalNotNull()
  @IsString()
  @MinLength(PASSWORD_MIN_LENGTH)
  @MaxLength(PASSWORD_MAX_LENGTH)
  password?: string;

  @ApiPropertyOptional({ description: 'A disabled account cannot log in and its tokens stop working' })
  @IsOptionalNotNull()
  @IsBoolean()
  disabled?: boolean;
}

export class UpdateProfileDto {
  @ApiPropertyOptional()
  @IsOptionalNotNull()
  @Transform(trimmed)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ description: 'Required to set a new password' })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(PASSWORD_MAX_LENGTH)
  currentPassword?: string;

  @ApiPropertyOptional({ minLength: PASSWORD_MIN_LENGTH })
  @IsOptionalNotNull()
  @IsString()
  @MinLength(PASSWORD_MIN_LENGTH)
  @MaxLength(PASSWORD_MAX_LENGTH)
  newPassword?: string;
}

export class UserQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional({ description: 'Part of the name or email' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  search?: string;
}

export class RegisterOrganizationDto {
  @ApiProperty({ example: 'Acme Ltd' })
  @Transform(trimmed)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  organizationName!: string;

  @ApiProperty({ example: 'Ann Owner' })
  @Transform(trimmed)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  @ApiProperty({ example: 'ann@acme.test' })
  @Transform(toLowerTrimmed)
  @IsEmail()
  @MaxLength(320)
  email!: string;

  @ApiProperty({ minLength: PASSWORD_MIN_LENGTH, example: 'a-long-password' })
  @IsString()
  @MinLength(PASSWORD_MIN_LENGTH)
  @MaxLength(PASSWORD_MAX_LENGTH)
  password!: string;
}
