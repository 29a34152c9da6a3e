import type { Provider as NestProvider } from '@nestjs/common';
import { credentialCipherFromEnv } from '@sluice/db';
import { createEgressGuard, egressPolicyFromEnv } from '@sluice/egress';
import { ADMIN_API_CONFIG, type AdminApiConfig } from '../config/admin-api-config';

/** Seals provider credentials with SLUICE_KEK (older keys in SLUICE_KEK_PREVIOUS still decrypt). */
export const CREDENTIAL_CIPHER = Symbol('CREDENTIAL_CIPHER');
/** Checks provider base URLs (EGRESS_ALLOW_LOOPBACK, EGRESS_ALLOWED_HOSTS). */
export const EGRESS_GUARD = Symbol('EGRESS_GUARD');

export const PROVIDER_SECURITY_PROVIDERS: NestProvider[] = [
  { provide: CREDENTIAL_CIPHER, inject: [ADMIN_API_CONFIG], useFactory: (config: AdminApiConfig) => credentialCipherFromEnv(config) },
  { provide: EGRESS_GUARD, inject: [ADMIN_API_CONFIG], useFactory: (config: AdminApiConfig) => createEgressGuard(egressPolicyFromEnv(config)) },
];
