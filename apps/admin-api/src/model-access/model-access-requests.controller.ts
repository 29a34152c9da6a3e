import { Body, Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { RequirePermission } from '../auth/auth.decorators';
import { callerOf, type AuthenticatedRequest } from '../auth/principal';
import { parseInput } from '../http/parse-body';
import { requestContextOf } from '../http/request-context';
import { ApiRoute } from '../openapi/api-route.decorator';
import { idParams, pageOf } from '../openapi/common-schemas';
import {
  approveModelAccessRequestSchema,
  createModelAccessRequestSchema,
  denyModelAccessRequestSchema,
  listModelAccessRequestsQuerySchema,
  modelAccessRequestViewSchema,
  type ModelAccessRequestView,
} from './model-access-request.dto';
import { ModelAccessRequestsService } from './model-access-requests.service';

/** Teams ask for catalog models; org admins approve (the team's allow-list grows) or deny. */
@Controller('api/v1/model-access-requests')
export class ModelAccessRequestsController {
  constructor(private readonly requests: ModelAccessRequestsService) {}

  @RequirePermission('models:read')
  @ApiRoute({ tag: 'Model access', summary: 'List requests, newest first (requests of the caller’s teams; all of the org for admins and auditors)', query: listModelAccessRequestsQuerySchema, response: { status: 200, description: 'A page of requests', schema: pageOf(modelAccessRequestViewSchema) } })
  @Get()
  list(@Query() query: unknown, @Req() request: AuthenticatedRequest): Promise<{ items: ModelAccessRequestView[]; nextCursor: string | null }> {
    return this.requests.list(callerOf(request), parseInput(listModelAccessRequestsQuerySchema, query));
  }

  @RequirePermission('model_access:request')
  @ApiRoute({ tag: 'Model access', summary: 'Ask for a catalog model for a team the caller belongs to', body: createModelAccessRequestSchema, response: { status: 201, description: 'The pending request', schema: modelAccessRequestViewSchema }, errors: [404, 409] })
  @Post()
  @HttpCode(201)
  create(@Body() body: unknown, @Req() request: AuthenticatedRequest): Promise<ModelAccessRequestView> {
    return this.requests.create(callerOf(request), parseInput(createModelAccessRequestSchema, body), requestContextOf(request));
  }

  @RequirePermission('models:read')
  @ApiRoute({ tag: 'Model access', summary: 'Read a request', params: idParams, response: { status: 200, description: 'The request', schema: modelAccessRequestViewSchema }, errors: [404] })
  @Get(':id')
  get(@Param('id') id: string, @Req() request: AuthenticatedRequest): Promise<ModelAccessRequestView> {
    return this.requests.get(callerOf(request), id);
  }

  @RequirePermission('model_access:decide')
  @ApiRoute({ tag: 'Model access', summary: 'Approve a pending request: the model joins the team’s allow-list (not your own request)', params: idParams, body: approveModelAccessRequestSchema, response: { status: 200, description: 'The approved request', schema: modelAccessRequestViewSchema }, errors: [404, 409] })
  @Post(':id/approve')
  @HttpCode(200)
  approve(@Param('id') id: string, @Body() body: unknown, @Req() request: AuthenticatedRequest): Promise<ModelAccessRequestView> {
    const input = parseInput(approveModelAccessRequestSchema, body);
    return this.requests.approve(callerOf(request), id, input.reason, requestContextOf(request));
  }

  @RequirePermission('model_access:decide')
  @ApiRoute({ tag: 'Model access', summary: 'Deny a pending request with a reason (not your own request)', params: idParams, body: denyModelAccessRequestSchema, response: { status: 200, description: 'The denied request', schema: modelAccessRequestViewSchema }, errors: [404, 409] })
  @Post(':id/deny')
  @HttpCode(200)
  deny(@Param('id') id: string, @Body() body: unknown, @Req() request: AuthenticatedRequest): Promise<ModelAccessRequestView> {
    const input = parseInput(denyModelAccessRequestSchema, body);
    return this.requests.deny(callerOf(request), id, input.reason, requestContextOf(request));
  }
}
