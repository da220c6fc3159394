import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentActor, Requires } from '../../auth/auth.decorators';
import type { Actor } from '../../auth/policy.types';
import { Page, PageDtoOf } from '../common/page';
import { UuidParamPipe } from '../common/uuid-param.pipe';
import { CreateUserDto, UserDto, UserQueryDto, UpdateUserDto } from './user.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@Authenticated()
@Controller('api/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @Requires('read', 'users')
  @ApiOkResponse({ type: PageDtoOf(UserDto) })
  list(@CurrentActor() actor: Actor, @Query() query: UserQueryDto): Promise<Page<UserDto>> {
    return this.users.list(actor, query);
  }

  @Get(':id')
  @Requires('read', 'users')
  @ApiOkResponse({ type: UserDto })
  @ApiNotFoundResponse()
  get(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string): Promise<UserDto> {
    return this.users.get(actor, id);
  }

  @Post()
  @Requires('create', 'users')
  @ApiCreatedResponse({ type: UserDto })
  create(@CurrentActor() actor: Actor, @Body() body: CreateUserDto): Promise<UserDto> {
    return this.users.create(actor, body);
  }

  @Patch(':id')
  @Requires('update', 'users')
  @ApiOkResponse({ type: UserDto })
  @ApiNotFoundResponse()
  update(
    @CurrentActor() actor: Actor,
    @Param('id', UuidParamPipe) id: string,
    @Body() body: UpdateUserDto,
  ): Promise<UserDto> {
    return this.users.update(actor, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @Requires('delete', 'users')
  @ApiNoContentResponse({ description: 'Deleted (409 CANNOT_CHANGE_SELF for your own account)' })
  @ApiNotFoundResponse()
  remove(@CurrentActor() actor: Actor, @Param('id', UuidParamPipe) id: string): Promise<void> {
    return this.users.remove(actor, id);
  }
}
