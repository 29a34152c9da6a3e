import { TeamMembersController } from './memberships/team-members.controller';
import { TeamMembersService } from './memberships/team-members.service';
import { TeamsController } from './teams/teams.controller';
import { TeamsService } from './teams/teams.service';

/** Controllers of the tenancy resources (organizations, teams, members, users, service accounts). */
export const TENANCY_CONTROLLERS = [TeamsController, TeamMembersController];

export const TENANCY_PROVIDERS = [TeamsService, TeamMembersService];
