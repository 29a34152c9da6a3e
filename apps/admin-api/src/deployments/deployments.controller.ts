import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { RequirePermission } from '../auth/auth.decorators';
import { callerOf, type AuthenticatedRequest } from '../auth/principal';
import { parseInput } from '../http/parse-body';
import { requestContextOf } from '../http/request-context';
import { ApiRoute } from '../openapi/api-route.decorator';
import { idParams, pageOf } from '../openapi/common-schemas';
import { createDeploymentSchema, deploymentViewSchema, listDeploymentsQuerySchema, updateDeploymentSchema, type DeploymentView } from './deployment.dto';
import { DeploymentsService } from './deployments.service';

/** Which provider serves which catalog model, with routing weights, priorities, capacity hints and price overrides. */
@Controller('api/v1/deployments')
export class DeploymentsController {
  constructor(private readonly deployments: DeploymentsService) {}

  @RequirePermission('providers:read')
  @ApiRoute({ tag: 'Deployments', summary: 'List deployments', query: listDeploymentsQuerySchema, response: { status: 200, description: 'A page of deployments', schema: pageOf(deploymentViewSchema) } })
  @Get()
  list(@Query() query: unknown, @Req() request: AuthenticatedRequest): Promise<{ items: DeploymentView[]; nextCursor: string | null }> {
    return this.deployments.list(callerOf(request), parseInput(listDeploymentsQuerySchema, query));
  }

  @RequirePermission('providers:manage')
  @ApiRoute({ tag: 'Deployments', summary: 'Deploy a catalog model on a provider (the gateways pick it up within a second)', body: createDeploymentSchema, response: { status: 201, description: 'The deployment', schema: deploymentViewSchema }, errors: [404, 409] })
  @Post()
  @HttpCode(201)
  create(@Body() body: unknown, @Req() request: AuthenticatedRequest): Promise<DeploymentView> {
    return this.deployments.create(callerOf(request), parseInput(createDeploymentSchema, body), requestContextOf(request));
  }

  @RequirePermission('providers:read')
  @ApiRoute({ tag: 'Deployments', summary: 'Read a deployment', params: idParams, response: { status: 200, description: 'The deployment', schema: deploymentViewSchema }, errors: [404] })
  @Get(':id')
  get(@Param('id') id: string, @Req() request: AuthenticatedRequest): Promise<DeploymentView> {
    return this.deployments.get(callerOf(request), id);
  }

  @RequirePermission('providers:manage')
  @ApiRoute({ tag: 'Deployments', summary: 'Change a deployment (not its model or provider)', params: idParams, body: updateDeploymentSchema, response: { status: 200, description: 'The deployment', schema: deploymentViewSchema }, errors: [404, 409] })
  @Patch(':id')
  update(@Param('id') id: string, @Body() body: unknown, @Req() request: AuthenticatedRequest): Promise<DeploymentView> {
    return this.deployments.update(callerOf(request), id, parseInput(updateDeploymentSchema, body), requestContextOf(request));
  }

  @RequirePermission('providers:manage')
  @ApiRoute({ tag: 'Deployments', summary: 'Delete a deployment', params: idParams, response: { status: 204, description: 'Deleted' }, errors: [404] })
  @Delete(':id')
  @HttpCode(204)
  async remove(@Param('id') id: string, @Req() request: AuthenticatedRequest): Promise<void> {
    await this.deployments.remove(callerOf(request), id, requestContextOf(request));
  }
}
