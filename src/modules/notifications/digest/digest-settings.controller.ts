import { Body, Controller, Get, Patch } from '@nestjs/common';
import { ApiBadRequestResponse, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentActor } from '../../auth/auth.decorators';
import type { Actor } from '../../auth/policy.types';
import { DigestSettingsDto, UpdateDigestSettingsDto } from './digest-settings.dto';
import { DigestSettingsService } from './digest-settings.service';

@ApiTags('notification schedules')
@Authenticated()
@ApiForbiddenResponse({ description: 'Customers (the digest is for staff)' })
@Controller('api/notifications/digest-settings')
export class DigestSettingsController {
  constructor(private readonly settings: DigestSettingsService) {}

  @Get()
  @ApiOperation({ summary: "The signed-in staff user's daily digest: on or off, hour, time zone" })
  @ApiOkResponse({ type: DigestSettingsDto })
  get(@CurrentActor() actor: Actor): Promise<DigestSettingsDto> {
    return this.settings.get(actor);
  }

  @Patch()
  @ApiOperation({ summary: 'Change the signed-in staff user’s digest (fields sent only; timeZone null: the default)' })
  @ApiOkResponse({ type: DigestSettingsDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED: hour outside 0-23, unknown time zone' })
  update(@CurrentActor() actor: Actor, @Body() body: UpdateDigestSettingsDto): Promise<DigestSettingsDto> {
    return this.settings.update(actor, body);
  }
}
