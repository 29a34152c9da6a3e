import type { Provider as NestProvider } from '@nestjs/common';
import { DeploymentsController } from '../deployments/deployments.controller';
import { DeploymentsService } from '../deployments/deployments.service';
import { ModelAccessRequestsController } from '../model-access/model-access-requests.controller';
import { ModelAccessRequestsService } from '../model-access/model-access-requests.service';
import { ProvidersController } from '../providers/providers.controller';
import { ProvidersService } from '../providers/providers.service';
import { PROVIDER_SECURITY_PROVIDERS } from '../providers/providers.tokens';
import { ModelsController } from './models.controller';
import { ModelsService } from './models.service';

/** Providers, the model catalog, deployments and model access requests. */
export const CATALOG_CONTROLLERS = [ProvidersController, ModelsController, DeploymentsController, ModelAccessRequestsController];

export const CATALOG_PROVIDERS: NestProvider[] = [...PROVIDER_SECURITY_PROVIDERS, ProvidersService, ModelsService, DeploymentsService, ModelAccessRequestsService];
