import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { z } from 'zod';
import { RequirePermission } from '../auth/auth.decorators';
import { callerOf, type AuthenticatedRequest } from '../auth/principal';
import { parseInput } from '../http/parse-body';
import { requestContextOf } from '../http/request-context';
import { ApiRoute } from '../openapi/api-route.decorator';
import { idParams, pageOf } from '../openapi/common-schemas';
import { effectivePoliciesSchema, type EffectivePolicies } from './effective-policies';
import { PoliciesService } from './policies.service';
import type { ScopeRef } from './policy-scopes';
import {
  attachmentParams,
  attachmentViewSchema,
  attachPolicySchema,
  createPolicySchema,
  effectivePoliciesQuerySchema,
  listPoliciesQuerySchema,
  policyViewSchema,
  updatePolicySchema,
  type AttachmentView,
  type PolicyView,
} from './policy.dto';

const TAG = 'Policies';

/** Governance policies (rate limits, budgets, cache, guardrails, logging) and where they are attached. */
@Controller('api/v1/policies')
export class PoliciesController {
  constructor(private readonly policies: PoliciesService) {}

  @RequirePermission('policies:read')
  @ApiRoute({ tag: TAG, summary: 'List policies (filter by kind or by the scope they are attached to)', query: listPoliciesQuerySchema, response: { status: 200, description: 'A page of policies with their attachments', schema: pageOf(policyViewSchema) } })
  @Get()
  list(@Query() query: unknown, @Req() request: AuthenticatedRequest): Promise<{ items: PolicyView[]; nextCursor: string | null }> {
    return this.policies.list(callerOf(request), parseInput(listPoliciesQuerySchema, query));
  }

  @RequirePermission('policies:read:team')
  @ApiRoute({
    tag: TAG,
    summary: 'The merged policies the gateway applies to a scope, with live budget spend',
    description: 'Team admins may ask for teams they administer; `policies:read` holders for any org, team, user or key of the org.',
    query: effectivePoliciesQuerySchema,
    response: { status: 200, description: 'Effective policies', schema: effectivePoliciesSchema },
    errors: [404],
  })
  @Get('effective')
  effective(@Query() query: unknown, @Req() request: AuthenticatedRequest): Promise<EffectivePolicies> {
    const { scope } = parseInput(effectivePoliciesQuerySchema, query);
    const [type, id] = scope.split(':') as [ScopeRef['type'], string];
    return this.policies.effective(callerOf(request), { type, id: id.toLowerCase() });
  }

  @RequirePermission('policies:manage')
  @ApiRoute({ tag: TAG, summary: 'Create a policy (its spec is validated with the schema of its kind)', body: createPolicySchema, response: { status: 201, description: 'The policy', schema: policyViewSchema }, errors: [409] })
  @Post()
  @HttpCode(201)
  create(@Body() body: unknown, @Req() request: AuthenticatedRequest): Promise<PolicyView> {
    return this.policies.create(callerOf(request), parseInput(createPolicySchema, body), requestContextOf(request));
  }

  @RequirePermission('policies:read')
  @ApiRoute({ tag: TAG, summary: 'Get a policy with its attachments', params: idParams, response: { status: 200, description: 'The policy', schema: policyViewSchema }, errors: [404] })
  @Get(':id')
  get(@Param('id') id: string, @Req() request: AuthenticatedRequest): Promise<PolicyView> {
    return this.policies.get(callerOf(request), id);
  }

  @RequirePermission('policies:manage')
  @ApiRoute({ tag: TAG, summary: 'Change a policy (name, description, spec); applied by every gateway within a second', params: idParams, body: updatePolicySchema, response: { status: 200, description: 'The updated policy', schema: policyViewSchema }, errors: [404, 409] })
  @Patch(':id')
  update(@Param('id') id: string, @Body() body: unknown, @Req() request: AuthenticatedRequest): Promise<PolicyView> {
    return this.policies.update(callerOf(request), id, parseInput(updatePolicySchema, body), requestContextOf(request));
  }

  @RequirePermission('policies:manage')
  @ApiRoute({ tag: TAG, summary: 'Delete a policy that is attached nowhere (409 while attached)', params: idParams, response: { status: 204, description: 'Deleted' }, errors: [404, 409] })
  @Delete(':id')
  @HttpCode(204)
  async remove(@Param('id') id: string, @Req() request: AuthenticatedRequest): Promise<void> {
    await this.policies.remove(callerOf(request), id, requestContextOf(request));
  }

  @RequirePermission('policies:read')
  @ApiRoute({ tag: TAG, summary: 'Where a policy is attached', params: idParams, response: { status: 200, description: 'Its attachments', schema: z.object({ items: z.array(attachmentViewSchema) }) }, errors: [404] })
  @Get(':id/attachments')
  async attachments(@Param('id') id: string, @Req() request: AuthenticatedRequest): Promise<{ items: AttachmentView[] }> {
    return { items: await this.policies.listAttachments(callerOf(request), id) };
  }

  @RequirePermission('policies:manage')
  @ApiRoute({
    tag: TAG,
    summary: 'Attach a policy to the organization, a team, a user or a key (one policy of each kind per scope)',
    params: idParams,
    body: attachPolicySchema,
    response: { status: 201, description: 'The attachment', schema: attachmentViewSchema },
    errors: [404, 409],
  })
  @Post(':id/attachments')
  @HttpCode(201)
  attach(@Param('id') id: string, @Body() body: unknown, @Req() request: AuthenticatedRequest): Promise<AttachmentView> {
    return this.policies.attach(callerOf(request), id, parseInput(attachPolicySchema, body), requestContextOf(request));
  }

  @RequirePermission('policies:manage')
  @ApiRoute({ tag: TAG, summary: 'Detach a policy from a scope', params: attachmentParams, response: { status: 204, description: 'Detached' }, errors: [404] })
  @Delete(':id/attachments/:attachmentId')
  @HttpCode(204)
  async detach(@Param('id') id: string, @Param('attachmentId') attachmentId: string, @Req() request: AuthenticatedRequest): Promise<void> {
    await this.policies.detach(callerOf(request), id, attachmentId, requestContextOf(request));
  }
}
