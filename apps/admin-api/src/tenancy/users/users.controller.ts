import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { RequirePermission } from '../../auth/auth.decorators';
import { callerOf, type AuthenticatedRequest } from '../../auth/principal';
import { parseInput } from '../../http/parse-body';
import { requestContextOf } from '../../http/request-context';
import { ApiRoute } from '../../openapi/api-route.decorator';
import { idParams, pageOf } from '../../openapi/common-schemas';
import { createUserSchema, listUsersQuerySchema, removedUserSchema, updateUserSchema, userViewSchema, type UserView } from './user.dto';
import { UsersService } from './users.service';

/** Users of the caller's organization. */
@Controller('api/v1/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @RequirePermission('users:read')
  @ApiRoute({ tag: 'Users', summary: 'List the users of the organization', query: listUsersQuerySchema, response: { status: 200, description: 'A page of users', schema: pageOf(userViewSchema) }, errors: [404] })
  @Get()
  list(@Query() query: unknown, @Req() request: AuthenticatedRequest): Promise<{ items: UserView[]; nextCursor: string | null }> {
    return this.users.list(callerOf(request), parseInput(listUsersQuerySchema, query));
  }

  @RequirePermission('users:manage')
  @ApiRoute({ tag: 'Users', summary: 'Invite a user (they sign in with SSO) with an org-wide role and/or team roles', body: createUserSchema, response: { status: 201, description: 'The user as seen from this organization', schema: userViewSchema }, errors: [404, 409] })
  @Post()
  @HttpCode(201)
  create(@Body() body: unknown, @Req() request: AuthenticatedRequest): Promise<UserView> {
    return this.users.create(callerOf(request), parseInput(createUserSchema, body), requestContextOf(request));
  }

  @RequirePermission('users:read')
  @ApiRoute({ tag: 'Users', summary: 'Read a user of the organization', params: idParams, response: { status: 200, description: 'The user', schema: userViewSchema }, errors: [404] })
  @Get(':id')
  get(@Param('id') id: string, @Req() request: AuthenticatedRequest): Promise<UserView> {
    return this.users.get(callerOf(request), id);
  }

  @RequirePermission('users:manage')
  @ApiRoute({ tag: 'Users', summary: 'Change display name, status (suspend/deactivate ends their sessions) or org-wide role', params: idParams, body: updateUserSchema, response: { status: 200, description: 'The user', schema: userViewSchema }, errors: [404, 409] })
  @Patch(':id')
  update(@Param('id') id: string, @Body() body: unknown, @Req() request: AuthenticatedRequest): Promise<UserView> {
    return this.users.update(callerOf(request), id, parseInput(updateUserSchema, body), requestContextOf(request));
  }

  @RequirePermission('users:manage')
  @ApiRoute({ tag: 'Users', summary: 'Remove a user from the organization (their keys here are revoked)', params: idParams, response: { status: 200, description: 'The removed user and the keys revoked', schema: removedUserSchema }, errors: [404, 409] })
  @Delete(':id')
  remove(@Param('id') id: string, @Req() request: AuthenticatedRequest): Promise<{ id: string; revokedKeyIds: string[] }> {
    return this.users.remove(callerOf(request), id, requestContextOf(request));
  }
}
