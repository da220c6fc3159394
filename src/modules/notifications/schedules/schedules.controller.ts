import { Body, Controller, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { Authenticated, CurrentActor } from '../../auth/auth.decorators';
import type { Actor } from '../../auth/policy.types';
import { ScheduleDto, ScheduleRunDto, UpdateScheduleDto } from './schedule.dto';
import { SCHEDULE_NAMES } from './schedule-definitions';
import { SchedulesService } from './schedules.service';

const NAME = ApiParam({ name: 'name', enum: SCHEDULE_NAMES });

@ApiTags('notification schedules')
@Authenticated()
@ApiForbiddenResponse({
  description: 'Anyone but a vendor of the operator organization (the jobs serve the deployment)',
})
@Controller('api/notifications/schedules')
export class SchedulesController {
  constructor(private readonly schedules: SchedulesService) {}

  @Get()
  @ApiOperation({
    summary: 'Operator: the scheduled jobs (invoice reminders, daily digest, cleanup) with cron, time zone, runs',
  })
  @ApiOkResponse({ type: [ScheduleDto] })
  list(@CurrentActor() actor: Actor): Promise<ScheduleDto[]> {
    return this.schedules.list(actor);
  }

  @Patch(':name')
  @ApiOperation({
    summary: "Operator: change a job's cron expression, time zone or enabled flag",
    description: 'Stored in PostgreSQL; the repeatable job is registered again in Bull (the old one removed).',
  })
  @NAME
  @ApiOkResponse({ type: ScheduleDto })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED: an invalid cron expression or time zone' })
  @ApiNotFoundResponse()
  update(
    @CurrentActor() actor: Actor,
    @Param('name') name: string,
    @Body() body: UpdateScheduleDto,
  ): Promise<ScheduleDto> {
    return this.schedules.update(actor, name, body);
  }

  @Post(':name/run')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Operator: queue one run of the job now (it only writes what is not written yet)',
    description: 'Runs even when the schedule is disabled; its outcome shows in the list once it finished.',
  })
  @NAME
  @ApiAcceptedResponse({ type: ScheduleRunDto })
  @ApiNotFoundResponse()
  run(@CurrentActor() actor: Actor, @Param('name') name: string): Promise<ScheduleRunDto> {
    return this.schedules.runNow(actor, name);
  }
}
