import { ApiKey } from './api-key.entity';
import { AuditEvent } from './audit-event.entity';
import { ConfigVersion } from './config-version.entity';
import { Deployment } from './deployment.entity';
import { Membership } from './membership.entity';
import { Model } from './model.entity';
import { Organization } from './organization.entity';
import { Provider } from './provider.entity';
import { RequestLog } from './request-log.entity';
import { SemanticCacheEntry } from './semantic-cache-entry.entity';
import { ServiceAccount } from './service-account.entity';
import { ServiceAccountToken } from './service-account-token.entity';
import { Team } from './team.entity';
import { User } from './user.entity';
import { ModelAccessRequest } from './model-access-request.entity';
import { ProvisionedMembership } from './provisioned-membership.entity';
import { ScimGroup, ScimGroupMember } from './scim-group.entity';
import { ScimToken } from './scim-token.entity';
import { ScimUser } from './scim-user.entity';
import { SsoConnection } from './sso-connection.entity';
import { SsoGroupMapping } from './sso-group-mapping.entity';
import { SsoIdentity } from './sso-identity.entity';
import { TotpCredential } from './totp-credential.entity';
import { Policy, PolicyAttachment } from './policy.entity';

export { ApiKey, AuditEvent, ConfigVersion, Deployment, Membership, Model, Organization, Provider, RequestLog, SemanticCacheEntry, ServiceAccount, Team, User };
export { MEMBERSHIP_ROLES, type MembershipRole } from './membership.entity';
export { MODEL_STATUSES, type ModelStatus } from './model.entity';
export { MODEL_CAPABILITIES, MODEL_MODALITIES } from './model.entity';
export { USER_STATUSES, type UserStatus } from './user.entity';
export { ServiceAccountToken };
export { SERVICE_ACCOUNT_ROLES, type ServiceAccountRole } from './service-account.entity';

export { ProvisionedMembership, ScimGroup, ScimGroupMember, ScimToken, ScimUser, SsoConnection, SsoGroupMapping, SsoIdentity, TotpCredential };
export { SSO_CONNECTION_TYPES, type SsoConnectionType } from './sso-connection.entity';
export { PROVISIONING_SOURCES, type ProvisioningSource } from './provisioned-membership.entity';
export { Policy, PolicyAttachment };
export { POLICY_SCOPE_TYPES, type PolicyScopeType } from './policy.entity';

export { ModelAccessRequest };
export { MODEL_ACCESS_REQUEST_STATUSES, type ModelAccessRequestStatus } from './model-access-request.entity';

/** Registered explicitly (no globs) so the same list works from dist/ and under Jest (sources transpiled by SWC). */
export const ENTITIES = [
  Organization,
  Team,
  User,
  Membership,
  ServiceAccount,
  ServiceAccountToken,
  ApiKey,
  Provider,
  Model,
  Deployment,
  AuditEvent,
  RequestLog,
  ConfigVersion,
  SemanticCacheEntry,
  ModelAccessRequest,
  SsoConnection,
  SsoGroupMapping,
  SsoIdentity,
  ProvisionedMembership,
  ScimToken,
  ScimUser,
  ScimGroup,
  ScimGroupMember,
  TotpCredential,
  Policy,
  PolicyAttachment,
];
