import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentActor, Requires } from '../../auth/auth.decorators';
import type { Actor } from '../../auth/policy.types';
import { StatsDto } from './stats.dto';
import { StatsService } from './stats.service';

@ApiTags('stats')
@Authenticated()
@Controller('api/stats')
export class StatsController {
  constructor(private readonly stats: StatsService) {}

  @Get()
  @Requires('read', 'stats')
  @ApiOperation({ summary: 'Pipeline by stage, revenue this month (UTC), open tickets, overdue invoices' })
  @ApiOkResponse({ type: StatsDto })
  get(@CurrentActor() actor: Actor): Promise<StatsDto> {
    return this.stats.get(actor);
  }
}
