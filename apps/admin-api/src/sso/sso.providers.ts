import { ConnectionTestController } from './connection-test/connection-test.controller';
import { ConnectionTestStore } from './connection-test/connection-test.store';
import { SsoConnectionsController } from './connections/sso-connections.controller';
import { GroupMappingsService } from './connections/group-mappings.service';
import { SsoConnectionsService } from './connections/sso-connections.service';
import { LoginAttemptStore } from './login/login-attempt.store';
import { SsoLoginController } from './login/sso-login.controller';
import { SsoLoginFlow } from './login/sso-login-flow.service';
import { SsoRateLimiter } from './login/sso-rate-limiter';
import { SsoSignInService } from './login/sso-sign-in.service';
import { OidcLoginService } from './oidc/oidc-login.service';
import { JitProvisioner } from './provisioning/jit-provisioner';
import { SamlLoginController } from './saml/saml-login.controller';
import { SamlLoginService } from './saml/saml-login.service';
import { SamlLogoutService } from './saml/saml-logout.service';

/** SSO controllers (connection admin, public sign-in routes) for the admin API module. */
export const SSO_CONTROLLERS = [SsoConnectionsController, ConnectionTestController, SsoLoginController, SamlLoginController];

export const SSO_PROVIDERS = [SsoConnectionsService, ConnectionTestStore, GroupMappingsService, LoginAttemptStore, SsoSignInService, SsoRateLimiter, SsoLoginFlow, OidcLoginService, SamlLoginService, SamlLogoutService, JitProvisioner];
