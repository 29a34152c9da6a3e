import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { RequirePermission } from '../../auth/auth.decorators';
import { callerOf, type AuthenticatedRequest } from '../../auth/principal';
import { parseInput } from '../../http/parse-body';
import { requestContextOf } from '../../http/request-context';
import { ApiRoute } from '../../openapi/api-route.decorator';
import { idParams, pageOf } from '../../openapi/common-schemas';
import { createTeamSchema, deletedTeamSchema, deleteTeamQuerySchema, listTeamsQuerySchema, teamViewSchema, updateTeamSchema, type TeamView } from './team.dto';
import { TeamsService } from './teams.service';

/** Teams: visibility and who may change which team is decided per object in the service. */
@Controller('api/v1/teams')
export class TeamsController {
  constructor(private readonly teams: TeamsService) {}

  @RequirePermission('teams:read')
  @ApiRoute({ tag: 'Teams', summary: 'List the teams the caller may see (all of the org for owners, admins and auditors)', query: listTeamsQuerySchema, response: { status: 200, description: 'A page of teams', schema: pageOf(teamViewSchema) } })
  @Get()
  list(@Query() query: unknown, @Req() request: AuthenticatedRequest): Promise<{ items: TeamView[]; nextCursor: string | null }> {
    return this.teams.list(callerOf(request), parseInput(listTeamsQuerySchema, query));
  }

  @RequirePermission('teams:manage:any')
  @ApiRoute({ tag: 'Teams', summary: 'Create a team', body: createTeamSchema, response: { status: 201, description: 'The team', schema: teamViewSchema }, errors: [409] })
  @Post()
  @HttpCode(201)
  create(@Body() body: unknown, @Req() request: AuthenticatedRequest): Promise<TeamView> {
    return this.teams.create(callerOf(request), parseInput(createTeamSchema, body), requestContextOf(request));
  }

  @RequirePermission('teams:read')
  @ApiRoute({ tag: 'Teams', summary: 'Read a team', params: idParams, response: { status: 200, description: 'The team', schema: teamViewSchema }, errors: [404] })
  @Get(':id')
  get(@Param('id') id: string, @Req() request: AuthenticatedRequest): Promise<TeamView> {
    return this.teams.get(callerOf(request), id);
  }

  @RequirePermission('teams:manage:own')
  @ApiRoute({ tag: 'Teams', summary: 'Change a team (team admins: name and description of their own teams)', params: idParams, body: updateTeamSchema, response: { status: 200, description: 'The team', schema: teamViewSchema }, errors: [404, 409] })
  @Patch(':id')
  update(@Param('id') id: string, @Body() body: unknown, @Req() request: AuthenticatedRequest): Promise<TeamView> {
    return this.teams.update(callerOf(request), id, parseInput(updateTeamSchema, body), requestContextOf(request));
  }

  @RequirePermission('teams:manage:any')
  @ApiRoute({ tag: 'Teams', summary: 'Delete a team (409 while it has active keys, unless force=true revokes them)', params: idParams, query: deleteTeamQuerySchema, response: { status: 200, description: 'The deleted team and the keys revoked with it', schema: deletedTeamSchema }, errors: [404, 409] })
  @Delete(':id')
  remove(@Param('id') id: string, @Query() query: unknown, @Req() request: AuthenticatedRequest): Promise<{ id: string; revokedKeyIds: string[] }> {
    const { force } = parseInput(deleteTeamQuerySchema, query);
    return this.teams.remove(callerOf(request), id, force === 'true', requestContextOf(request));
  }
}
