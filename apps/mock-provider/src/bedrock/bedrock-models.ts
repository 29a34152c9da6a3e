/** Vendors whose models Bedrock serves, as the first part of a model id (`anthropic.claude-…`). */
const VENDORS = ['anthropic', 'amazon', 'meta', 'mistral', 'cohere', 'ai21', 'deepseek', 'openai', 'qwen', 'writer', 'twelvelabs'];
/** Cross-region inference profiles put a geography in front: `us.anthropic.claude-…`. */
const MODEL_ID = new RegExp(`^(?:(?:us|us-gov|eu|apac|jp|au|ca|global)\\.)?(?:${VENDORS.join('|')})\\.[a-z0-9][\\w.:-]*$`, 'i');
const ARN = /^arn:aws(?:-[a-z]+)?:bedrock:[a-z0-9-]*:\d*:(?:foundation-model|inference-profile|application-inference-profile|provisioned-model|custom-model-deployment)\/\S+$/;
/** Model ids past their end of life: Bedrock answers 404 for them. */
const RETIRED = /(?:^|\.)anthropic\.claude-(?:v1|v2|instant-v1)(?::\d+)?$/;

export type ModelProblem = { status: 400 | 404; exception: string; message: string } | null;

/** Why Bedrock would refuse this model id in the URL, or null for one it serves. */
export function modelProblem(modelId: string): ModelProblem {
  if (!MODEL_ID.test(modelId) && !ARN.test(modelId)) return { status: 400, exception: 'ValidationException', message: 'The provided model identifier is invalid.' };
  if (RETIRED.test(modelId)) {
    return { status: 404, exception: 'ResourceNotFoundException', message: 'This model version has reached the end of its life. Please refer to the AWS documentation for more details.' };
  }
  return null;
}

/** Claude thinks (`additionalModelRequestFields.thinking`) and takes `anthropic_beta`; other models do not. */
export function isClaude(modelId: string): boolean {
  return /anthropic\.claude/i.test(modelId);
}
