import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Authenticated, CurrentActor } from '../../auth/auth.decorators';
import type { Actor } from '../../auth/policy.types';
import { UuidParamPipe } from '../../crm/common/uuid-param.pipe';
import {
  CreateTemplateDto,
  NotificationTypeDto,
  PreviewTemplateDto,
  TemplateDto,
  TemplatePreviewDto,
  UpdateTemplateDto,
} from './template.dto';
import { TemplatesService } from './templates.service';

const REFUSED = ApiBadRequestResponse({
  description: 'VALIDATION_FAILED: unknown variables, HTML Telegram would refuse, too long (each listed)',
});

@ApiTags('notification templates')
@Authenticated()
@Controller('api/notifications/templates')
export class TemplatesController {
  constructor(private readonly templates: TemplatesService) {}

  @Get()
  @ApiOperation({ summary: 'Every notification type: its variables, and its templates per language (own or default)' })
  @ApiOkResponse({ type: [NotificationTypeDto] })
  list(@CurrentActor() actor: Actor): Promise<NotificationTypeDto[]> {
    return this.templates.listTypes(actor);
  }

  @Post('preview')
  @HttpCode(200)
  @ApiOperation({ summary: 'Render a template (stored, or the body given) with sample data' })
  @ApiOkResponse({ type: TemplatePreviewDto })
  @REFUSED
  preview(@CurrentActor() actor: Actor, @Body() body: PreviewTemplateDto): Promise<TemplatePreviewDto> {
    return this.templates.preview(actor, body);
  }

  @Get(':id')
  @ApiOkResponse({ type: TemplateDto })
  @ApiNotFoundResponse()
  get(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string): Promise<TemplateDto> {
    return this.templates.get(actor, id);
  }

  @Post()
  @ApiOperation({ summary: "Vendor: the organization's own template of a type in a language" })
  @ApiCreatedResponse({ type: TemplateDto })
  @ApiConflictResponse({ description: 'TEMPLATE_EXISTS: change that one instead' })
  @REFUSED
  create(@CurrentActor() actor: Actor, @Body() body: CreateTemplateDto): Promise<TemplateDto> {
    return this.templates.create(actor, body);
  }

  @Patch(':id')
  @ApiOkResponse({ type: TemplateDto })
  @ApiNotFoundResponse()
  @REFUSED
  update(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParamPipe) id: string,
    @Body() body: UpdateTemplateDto,
  ): Promise<TemplateDto> {
    return this.templates.update(actor, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Vendor: remove the own template; the shipped default applies again' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse()
  remove(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string): Promise<void> {
    return this.templates.remove(actor, id);
  }
}
