import { ScimDiscoveryController } from './scim-discovery.controller';
import { ScimGroupsController } from './scim-groups.controller';
import { ScimGroupsService } from './scim-groups.service';
import { ScimProvisioning } from './scim-provisioning';
import { ScimTokenGuard } from './scim-token.guard';
import { ScimTokensController } from './scim-tokens.controller';
import { ScimTokensService } from './scim-tokens.service';
import { ScimUsersController } from './scim-users.controller';
import { ScimUsersService } from './scim-users.service';

/** SCIM token admin routes and the SCIM 2.0 service (/scim/v2). */
export const SCIM_CONTROLLERS = [ScimTokensController, ScimUsersController, ScimGroupsController, ScimDiscoveryController];

export const SCIM_PROVIDERS = [ScimTokensService, ScimTokenGuard, ScimProvisioning, ScimUsersService, ScimGroupsService];
