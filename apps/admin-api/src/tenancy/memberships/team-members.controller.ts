import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { RequirePermission } from '../../auth/auth.decorators';
import { callerOf, type AuthenticatedRequest } from '../../auth/principal';
import { parseInput } from '../../http/parse-body';
import { requestContextOf } from '../../http/request-context';
import { ApiRoute } from '../../openapi/api-route.decorator';
import { idParams, pageOf } from '../../openapi/common-schemas';
import {
  addTeamMemberSchema,
  changeTeamMemberSchema,
  listTeamMembersQuerySchema,
  removedTeamMemberSchema,
  teamMemberParams,
  teamMemberViewSchema,
  type TeamMemberView,
} from './team-member.dto';
import { TeamMembersService } from './team-members.service';

/** Team memberships: team admins manage their own teams' members, owners and admins every team's. */
@Controller('api/v1/teams/:id/members')
export class TeamMembersController {
  constructor(private readonly members: TeamMembersService) {}

  @RequirePermission('teams:read')
  @ApiRoute({ tag: 'Teams', summary: 'List the members of a team the caller may see', params: idParams, query: listTeamMembersQuerySchema, response: { status: 200, description: 'A page of members', schema: pageOf(teamMemberViewSchema) }, errors: [404] })
  @Get()
  list(@Param('id') id: string, @Query() query: unknown, @Req() request: AuthenticatedRequest): Promise<{ items: TeamMemberView[]; nextCursor: string | null }> {
    return this.members.list(callerOf(request), id, parseInput(listTeamMembersQuerySchema, query));
  }

  @RequirePermission('teams:manage:own')
  @ApiRoute({ tag: 'Teams', summary: 'Add a user of the org to the team with a team role', params: idParams, body: addTeamMemberSchema, response: { status: 201, description: 'The membership', schema: teamMemberViewSchema }, errors: [404, 409] })
  @Post()
  @HttpCode(201)
  add(@Param('id') id: string, @Body() body: unknown, @Req() request: AuthenticatedRequest): Promise<TeamMemberView> {
    return this.members.add(callerOf(request), id, parseInput(addTeamMemberSchema, body), requestContextOf(request));
  }

  @RequirePermission('teams:manage:own')
  @ApiRoute({ tag: 'Teams', summary: 'Change a member’s team role', params: teamMemberParams, body: changeTeamMemberSchema, response: { status: 200, description: 'The membership', schema: teamMemberViewSchema }, errors: [404] })
  @Patch(':userId')
  changeRole(@Param('id') id: string, @Param('userId') userId: string, @Body() body: unknown, @Req() request: AuthenticatedRequest): Promise<TeamMemberView> {
    return this.members.changeRole(callerOf(request), id, userId, parseInput(changeTeamMemberSchema, body).role, requestContextOf(request));
  }

  @RequirePermission('teams:manage:own')
  @ApiRoute({ tag: 'Teams', summary: 'Remove a member from the team (their active keys in the team are revoked)', params: teamMemberParams, response: { status: 200, description: 'The removed membership and the keys revoked with it', schema: removedTeamMemberSchema }, errors: [404] })
  @Delete(':userId')
  remove(@Param('id') id: string, @Param('userId') userId: string, @Req() request: AuthenticatedRequest): Promise<{ userId: string; teamId: string; revokedKeyIds: string[] }> {
    return this.members.remove(callerOf(request), id, userId, requestContextOf(request));
  }
}
