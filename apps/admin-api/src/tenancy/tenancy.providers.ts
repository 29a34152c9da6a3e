import { ServiceAccountsController } from '../service-accounts/service-accounts.controller';
import { ServiceAccountsService } from '../service-accounts/service-accounts.service';
import { OrganizationsController } from './organizations/organizations.controller';
import { OrganizationsService } from './organizations/organizations.service';
import { TeamMembersController } from './memberships/team-members.controller';
import { TeamMembersService } from './memberships/team-members.service';
import { TeamsController } from './teams/teams.controller';
import { TeamsService } from './teams/teams.service';
import { UsersController } from './users/users.controller';
import { UsersService } from './users/users.service';

/** Controllers of the tenancy resources (organizations, teams, members, users, service accounts). */
export const TENANCY_CONTROLLERS = [OrganizationsController, TeamsController, TeamMembersController, UsersController, ServiceAccountsController];

export const TENANCY_PROVIDERS = [OrganizationsService, TeamsService, TeamMembersService, UsersService, ServiceAccountsService];
