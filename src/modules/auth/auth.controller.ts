import { Body, Controller, Get, HttpCode, Inject, Ip, Patch, Post } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { CRM_PORT, CrmPort } from '../crm/crm.port';
import { ProfileDto, RegisterOrganizationDto, UpdateProfileDto } from '../crm/users/user.dto';
import { UsersService } from '../crm/users/users.service';
import { Authenticated, CurrentActor } from './auth.decorators';
import { LoginDto, LoginResponseDto } from './auth.dto';
import { AuthService } from './auth.service';
import type { Actor } from './policy.types';

@ApiTags('auth')
@Controller('api/auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
    @Inject(CRM_PORT) private readonly crm: CrmPort,
  ) {}

  @Post('register')
  @ApiOperation({ summary: 'Create an organization and its first vendor (self-service sign-up)' })
  @ApiCreatedResponse({ type: LoginResponseDto })
  @ApiForbiddenResponse({ description: 'SIGNUP_DISABLED: ALLOW_SIGNUP=false' })
  @ApiConflictResponse({ description: 'EMAIL_TAKEN' })
  register(@Body() body: RegisterOrganizationDto): Promise<LoginResponseDto> {
    return this.auth.register(body);
  }

  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Exchange email and password for a bearer token' })
  @ApiOkResponse({ type: LoginResponseDto })
  @ApiUnauthorizedResponse({ description: 'INVALID_CREDENTIALS' })
  @ApiForbiddenResponse({ description: 'ACCOUNT_DISABLED' })
  @ApiTooManyRequestsResponse({
    description: 'TOO_MANY_REQUESTS: too many failures for the account or IP; see Retry-After',
  })
  login(@Body() body: LoginDto, @Ip() ip: string): Promise<LoginResponseDto> {
    return this.auth.login(body, ip);
  }

  @Get('me')
  @Authenticated()
  @ApiOperation({ summary: 'The signed-in user and their organization' })
  @ApiOkResponse({ type: ProfileDto })
  me(@CurrentActor() actor: Actor): Promise<ProfileDto> {
    return this.crm.getProfile(actor);
  }

  @Patch('me')
  @Authenticated()
  @ApiOperation({ summary: 'Change your own name or password (the current password is required for a new one)' })
  @ApiOkResponse({ type: ProfileDto })
  updateMe(@CurrentActor() actor: Actor, @Body() body: UpdateProfileDto): Promise<ProfileDto> {
    return this.users.updateProfile(actor, body);
  }
}
