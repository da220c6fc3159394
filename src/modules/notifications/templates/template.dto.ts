import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsObject, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { NOTIFICATION_TYPE_NAMES } from './notification-types';
import { TEMPLATE_MAX_LENGTH } from './template-renderer';

const LANGUAGE = /^[a-z]{2,3}(-[a-z0-9]{2,8})?$/;
const LANGUAGE_MESSAGE = 'language must be a Telegram language_code in lower case, such as en, ru or pt-br';

export class TemplateDto {
  @ApiProperty({ type: String, nullable: true, format: 'uuid', description: 'null for a shipped default' })
  id!: string | null;

  @ApiProperty({ example: 'ticket.created' })
  type!: string;

  @ApiProperty({ example: 'en' })
  language!: string;

  @ApiProperty({ example: '🎫 <b>Ticket {{ticket.number}} opened</b>\n{{ticket.subject}}' })
  body!: string;

  @ApiProperty({ description: 'The shipped default (no template of the organization for this language)' })
  isDefault!: boolean;

  @ApiProperty({ type: Date, nullable: true })
  updatedAt!: Date | null;
}

export class NotificationTypeDto {
  @ApiProperty({ example: 'ticket.created' })
  type!: string;

  @ApiProperty()
  description!: string;

  @ApiProperty({ type: [String], example: ['ticket.number', 'ticket.subject', 'organization.name'] })
  variables!: string[];

  @ApiProperty({
    type: [TemplateDto],
    description: "The organization's templates and the defaults it has not replaced",
  })
  templates!: TemplateDto[];
}

export class CreateTemplateDto {
  @ApiProperty({ enum: NOTIFICATION_TYPE_NAMES })
  @IsIn(NOTIFICATION_TYPE_NAMES)
  type!: string;

  @ApiProperty({ example: 'de' })
  @Matches(LANGUAGE, { message: LANGUAGE_MESSAGE })
  language!: string;

  @ApiProperty({ description: 'Telegram HTML with {{variables}} of the type', maxLength: TEMPLATE_MAX_LENGTH })
  @IsString()
  @MaxLength(TEMPLATE_MAX_LENGTH)
  body!: string;
}

export class UpdateTemplateDto {
  @ApiProperty({ description: 'Telegram HTML with {{variables}} of the type', maxLength: TEMPLATE_MAX_LENGTH })
  @IsString()
  @MaxLength(TEMPLATE_MAX_LENGTH)
  body!: string;
}

export class PreviewTemplateDto {
  @ApiProperty({ enum: NOTIFICATION_TYPE_NAMES })
  @IsIn(NOTIFICATION_TYPE_NAMES)
  type!: string;

  @ApiPropertyOptional({ example: 'en', description: "Which of the organization's templates (default en)" })
  @IsOptional()
  @Matches(LANGUAGE, { message: LANGUAGE_MESSAGE })
  language?: string;

  @ApiPropertyOptional({ description: 'A body to try instead of the stored template' })
  @IsOptional()
  @IsString()
  @MaxLength(TEMPLATE_MAX_LENGTH)
  body?: string;

  @ApiPropertyOptional({ description: 'Values instead of the sample data', example: { 'ticket.subject': 'Hello' } })
  @IsOptional()
  @IsObject()
  variables?: Record<string, string>;
}

export class TemplatePreviewDto {
  @ApiProperty()
  type!: string;

  @ApiProperty({ description: 'The language of the template used' })
  language!: string;

  @ApiProperty({ description: 'The template rendered' })
  body!: string;

  @ApiProperty({ description: 'Telegram HTML as it would be sent' })
  html!: string;

  @ApiProperty({ description: 'Characters Telegram counts (at most 4096)' })
  length!: number;
}
