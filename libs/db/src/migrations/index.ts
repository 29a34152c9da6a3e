import { Extensions1764100000000 } from './1764100000000-extensions';
import { TenancyAndKeys1764100000100 } from './1764100000100-tenancy-and-keys';
import { CatalogAndRouting1764100000200 } from './1764100000200-catalog-and-routing';
import { AuditEvents1764100000300 } from './1764100000300-audit-events';
import { RequestLogs1764100000400 } from './1764100000400-request-logs';
import { AuditActorAuthMethod1764100000550 } from './1764100000550-audit-actor-auth-method';
import { SemanticCacheEntries1764100000700 } from './1764100000700-semantic-cache-entries';
import { UsageRollups1764100000800 } from './1764100000800-usage-rollups';
import { TeamAllowedModelsAndOrgSettings1764100000900 } from './1764100000900-team-allowed-models-and-org-settings';
import { ServiceAccountTokensAndKeyGrace1764100000910 } from './1764100000910-service-account-tokens-and-key-grace';
import { ProviderHintsDeploymentPricesModelAccess1764100001000 } from './1764100001000-provider-hints-deployment-prices-model-access';
import { Policies1764100001100 } from './1764100001100-policies';
import { PolicyAttachmentCleanup1764100001110 } from './1764100001110-policy-attachment-cleanup';
import { RequestLogBodies1764100001200 } from './1764100001200-request-log-bodies';
import { Webhooks1764100001300 } from './1764100001300-webhooks';
import { ExportJobs1764100001350 } from './1764100001350-export-jobs';
import { SsoAndScim1764100001400 } from './1764100001400-sso-and-scim';
import { BudgetSpendSettlements1764100001530 } from './1764100001530-budget-spend-settlements';
import { AuditRetention1764100001540 } from './1764100001540-audit-retention';
import { UsageTeamRollups1764100001550 } from './1764100001550-usage-team-rollups';
import { SemanticCacheBinaryIndex1764100001560 } from './1764100001560-semantic-cache-binary-index';
import { CacheWriteAndLongContextPrices1764100001570 } from './1764100001570-cache-write-and-long-context-prices';
import { CacheWrite1hPrices1764100001580 } from './1764100001580-cache-write-1h-prices';

/** In order. Registered explicitly (no globs) so the same list works from dist/ and under Jest (sources transpiled by SWC). */
export const MIGRATIONS = [
  Extensions1764100000000,
  TenancyAndKeys1764100000100,
  CatalogAndRouting1764100000200,
  AuditEvents1764100000300,
  RequestLogs1764100000400,
  AuditActorAuthMethod1764100000550,
  SemanticCacheEntries1764100000700,
  UsageRollups1764100000800,
  TeamAllowedModelsAndOrgSettings1764100000900,
  ServiceAccountTokensAndKeyGrace1764100000910,
  ProviderHintsDeploymentPricesModelAccess1764100001000,
  Policies1764100001100,
  PolicyAttachmentCleanup1764100001110,
  RequestLogBodies1764100001200,
  Webhooks1764100001300,
  ExportJobs1764100001350,
  SsoAndScim1764100001400,
  BudgetSpendSettlements1764100001530,
  AuditRetention1764100001540,
  UsageTeamRollups1764100001550,
  SemanticCacheBinaryIndex1764100001560,
  CacheWriteAndLongContextPrices1764100001570,
  CacheWrite1hPrices1764100001580,
];
