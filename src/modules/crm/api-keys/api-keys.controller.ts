import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Authenticated, CurrentActor, Requires } from '../../auth/auth.decorators';
import type { Actor } from '../../auth/policy.types';
import { Page, PageDtoOf, PageQueryDto } from '../common/page';
import { UuidParamPipe } from '../common/uuid-param.pipe';
import { ApiKeyDto, CreateApiKeyDto, CreatedApiKeyDto } from './api-key.dto';
import { ApiKeysService } from './api-keys.service';

@ApiTags('api-keys')
@Authenticated()
@Controller('api/api-keys')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  @Get()
  @Requires('read', 'apiKeys')
  @ApiOkResponse({ type: PageDtoOf(ApiKeyDto) })
  list(@CurrentActor() actor: Actor, @Query() page: PageQueryDto): Promise<Page<ApiKeyDto>> {
    return this.keys.list(actor, page);
  }

  @Post()
  @Requires('create', 'apiKeys')
  @ApiOperation({ summary: 'Create a key for a machine client; the key is in this answer only' })
  @ApiCreatedResponse({ type: CreatedApiKeyDto })
  create(@CurrentActor() actor: Actor, @Body() body: CreateApiKeyDto): Promise<CreatedApiKeyDto> {
    return this.keys.create(actor, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @Requires('delete', 'apiKeys')
  @ApiNoContentResponse({ description: 'Revoked: the key stops working at once' })
  @ApiNotFoundResponse()
  revoke(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string): Promise<void> {
    return this.keys.revoke(actor, id);
  }
}
