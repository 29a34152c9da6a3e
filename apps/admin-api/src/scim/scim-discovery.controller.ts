import { Controller, Get, Header, Inject, UseFilters, UseGuards } from '@nestjs/common';
import { z } from 'zod';
import { ScimTokenRoute } from '../auth/auth.decorators';
import { ADMIN_API_CONFIG, type AdminApiConfig } from '../config/admin-api-config';
import { ApiRoute } from '../openapi/api-route.decorator';
import { SCIM_CONTENT_TYPE, ScimErrorFilter } from './scim-error';
import { GROUP_SCHEMA, listResponse, scimBase, USER_SCHEMA } from './scim-resources';
import { ScimTokenGuard } from './scim-token.guard';

const TAG = 'SCIM 2.0';
const CT = 'application/scim+json';
const resource = z.record(z.string(), z.unknown());

const attribute = (name: string, type: string, extra: Record<string, unknown> = {}) => ({
  name, type, multiValued: false, required: false, caseExact: false, mutability: 'readWrite', returned: 'default', uniqueness: 'none', ...extra,
});

/** RFC 7644 §4 discovery: what this SCIM service supports. */
@Controller('scim/v2')
@ScimTokenRoute()
@UseGuards(ScimTokenGuard)
@UseFilters(ScimErrorFilter)
export class ScimDiscoveryController {
  constructor(@Inject(ADMIN_API_CONFIG) private readonly config: AdminApiConfig) {}

  @ApiRoute({ tag: TAG, summary: 'SCIM service provider configuration', response: { status: 200, description: 'ServiceProviderConfig', schema: resource, contentType: CT } })
  @Get('ServiceProviderConfig')
  @Header('content-type', SCIM_CONTENT_TYPE)
  serviceProviderConfig(): Record<string, unknown> {
    return {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'],
      documentationUri: 'https://github.com/sluice/sluice/blob/main/docs/sso.md',
      patch: { supported: true },
      bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
      filter: { supported: true, maxResults: 200 },
      changePassword: { supported: false },
      sort: { supported: false },
      etag: { supported: false },
      authenticationSchemes: [{ type: 'oauthbearertoken', name: 'OAuth Bearer Token', description: 'A SCIM token created in Sluice (POST /api/v1/scim/tokens)', primary: true }],
      meta: { resourceType: 'ServiceProviderConfig', location: `${scimBase(this.config.PUBLIC_BASE_URL)}/ServiceProviderConfig` },
    };
  }

  @ApiRoute({ tag: TAG, summary: 'The resource types (User, Group)', response: { status: 200, description: 'ListResponse of ResourceType', schema: resource, contentType: CT } })
  @Get('ResourceTypes')
  @Header('content-type', SCIM_CONTENT_TYPE)
  resourceTypes(): Record<string, unknown> {
    const base = scimBase(this.config.PUBLIC_BASE_URL);
    const types = [
      { schemas: ['urn:ietf:params:scim:schemas:core:2.0:ResourceType'], id: 'User', name: 'User', endpoint: '/Users', schema: USER_SCHEMA, meta: { resourceType: 'ResourceType', location: `${base}/ResourceTypes/User` } },
      { schemas: ['urn:ietf:params:scim:schemas:core:2.0:ResourceType'], id: 'Group', name: 'Group', endpoint: '/Groups', schema: GROUP_SCHEMA, meta: { resourceType: 'ResourceType', location: `${base}/ResourceTypes/Group` } },
    ];
    return listResponse(types, types.length, 1);
  }

  @ApiRoute({ tag: TAG, summary: 'The attributes Sluice keeps of users and groups', response: { status: 200, description: 'ListResponse of Schema', schema: resource, contentType: CT } })
  @Get('Schemas')
  @Header('content-type', SCIM_CONTENT_TYPE)
  schemas(): Record<string, unknown> {
    const schemas = [
      {
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:Schema'],
        id: USER_SCHEMA,
        name: 'User',
        attributes: [
          attribute('userName', 'string', { required: true, uniqueness: 'server' }),
          attribute('displayName', 'string'),
          attribute('name', 'complex', { subAttributes: [attribute('formatted', 'string'), attribute('givenName', 'string'), attribute('familyName', 'string')] }),
          attribute('emails', 'complex', { multiValued: true, subAttributes: [attribute('value', 'string'), attribute('primary', 'boolean'), attribute('type', 'string')] }),
          attribute('active', 'boolean'),
          attribute('externalId', 'string', { caseExact: true }),
          attribute('groups', 'complex', { multiValued: true, mutability: 'readOnly' }),
        ],
      },
      {
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:Schema'],
        id: GROUP_SCHEMA,
        name: 'Group',
        attributes: [attribute('displayName', 'string', { required: true, uniqueness: 'server' }), attribute('externalId', 'string', { caseExact: true }), attribute('members', 'complex', { multiValued: true, subAttributes: [attribute('value', 'string')] })],
      },
    ];
    return listResponse(schemas, schemas.length, 1);
  }
}
