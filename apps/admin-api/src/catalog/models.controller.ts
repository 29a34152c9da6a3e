import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { RequirePermission } from '../auth/auth.decorators';
import { callerOf, type AuthenticatedRequest } from '../auth/principal';
import { parseInput } from '../http/parse-body';
import { requestContextOf } from '../http/request-context';
import { ApiRoute } from '../openapi/api-route.decorator';
import { idParams, pageOf } from '../openapi/common-schemas';
import { createModelSchema, deprecateModelSchema, listModelsQuerySchema, modelDetailSchema, modelViewSchema, updateModelSchema, type ModelDetail, type ModelView } from './model.dto';
import { ModelsService } from './models.service';

/** The model catalog: everyone browses it, admins maintain it. */
@Controller('api/v1/models')
export class ModelsController {
  constructor(private readonly models: ModelsService) {}

  @RequirePermission('models:read')
  @ApiRoute({ tag: 'Models', summary: 'Browse the model catalog with filters and sorting', query: listModelsQuerySchema, response: { status: 200, description: 'A page of models', schema: pageOf(modelViewSchema) } })
  @Get()
  list(@Query() query: unknown, @Req() request: AuthenticatedRequest): Promise<{ items: ModelView[]; nextCursor: string | null }> {
    return this.models.list(callerOf(request), parseInput(listModelsQuerySchema, query));
  }

  @RequirePermission('models:manage')
  @ApiRoute({ tag: 'Models', summary: 'Add a model to the catalog', body: createModelSchema, response: { status: 201, description: 'The model', schema: modelViewSchema }, errors: [409] })
  @Post()
  @HttpCode(201)
  create(@Body() body: unknown, @Req() request: AuthenticatedRequest): Promise<ModelView> {
    return this.models.create(callerOf(request), parseInput(createModelSchema, body), requestContextOf(request));
  }

  @RequirePermission('models:read')
  @ApiRoute({ tag: 'Models', summary: 'Read a model with the teams that may use it and its deployments', params: idParams, response: { status: 200, description: 'The model', schema: modelDetailSchema }, errors: [404] })
  @Get(':id')
  get(@Param('id') id: string, @Req() request: AuthenticatedRequest): Promise<ModelDetail> {
    return this.models.get(callerOf(request), id);
  }

  @RequirePermission('models:manage')
  @ApiRoute({ tag: 'Models', summary: 'Change a model (prices, limits, capabilities, status …; not its name)', params: idParams, body: updateModelSchema, response: { status: 200, description: 'The model', schema: modelViewSchema }, errors: [404] })
  @Patch(':id')
  update(@Param('id') id: string, @Body() body: unknown, @Req() request: AuthenticatedRequest): Promise<ModelView> {
    return this.models.update(callerOf(request), id, parseInput(updateModelSchema, body), requestContextOf(request));
  }

  @RequirePermission('models:manage')
  @ApiRoute({ tag: 'Models', summary: 'Deprecate a model; the gateway stops serving it from the deprecation date', params: idParams, body: deprecateModelSchema, response: { status: 200, description: 'The model', schema: modelViewSchema }, errors: [404] })
  @Post(':id/deprecate')
  @HttpCode(200)
  deprecate(@Param('id') id: string, @Body() body: unknown, @Req() request: AuthenticatedRequest): Promise<ModelView> {
    const input = parseInput(deprecateModelSchema, body);
    return this.models.deprecate(callerOf(request), id, input.deprecationDate, requestContextOf(request));
  }
}
