import { isDeepStrictEqual } from 'node:util';
import { parseDocument } from 'yaml';
import { routingPolicySchema, standaloneConfigSchema } from '@sluice/contracts';
import { Problem } from '../errors/problem';
import { ENV_PLACEHOLDER, orgConfigFromStandalone, type OrgConfig } from './org-config';

const invalid = (detail: string, errors: Array<{ path: string; message: string }>) => new Problem(400, 'invalid-config', detail, errors);

/**
 * Parses and validates an uploaded standalone config file. YAML syntax errors name the line and
 * column; schema errors the field path (`models.0.deployments.1.provider`). Parts an organization in
 * Postgres does not take from a file are refused rather than silently dropped: keys (managed through
 * /api/v1/api-keys), provider secrets (only `${ENV}` placeholders), routing other than the default and
 * `governance.expectedInstances` (gateway deployment settings, not stored per organization).
 */
export function parseImportFile(text: string): OrgConfig {
  const document = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (document.errors.length > 0) {
    throw invalid(
      'The file is not valid YAML.',
      document.errors.map((e) => ({ path: e.linePos ? `line ${e.linePos[0].line}, column ${e.linePos[0].col}` : '(document)', message: e.message.split(' at line ')[0].split('\n')[0] })),
    );
  }
  let content: unknown;
  try {
    content = document.toJS();
  } catch (error) {
    // Resolving aliases can fail after a clean parse: the yaml library refuses an alias bomb ("billion laughs") here.
    throw invalid('The file is not valid YAML.', [{ path: '(document)', message: (error as Error).message }]);
  }
  const parsed = standaloneConfigSchema.safeParse(content);
  if (!parsed.success) {
    throw invalid(
      'The file does not match the standalone config schema.',
      parsed.error.issues.map((issue) => ({ path: issue.path.join('.') || '(root)', message: issue.message })),
    );
  }
  const file = parsed.data;
  const refused: Array<{ path: string; message: string }> = [];
  if (file.keys.length > 0) refused.push({ path: 'keys', message: 'keys are not imported: create them with /api/v1/api-keys' });
  file.providers.forEach((p, i) => {
    if (p.api_key !== undefined && !ENV_PLACEHOLDER.test(p.api_key)) {
      refused.push({ path: `providers.${i}.api_key`, message: 'secrets are not imported: use an ${ENV} placeholder and set the credential with the providers API' });
    }
  });
  if (!isDeepStrictEqual(file.routing, routingPolicySchema.parse({}))) refused.push({ path: 'routing', message: 'routing is not stored per organization yet: remove the section (the default applies)' });
  if (file.governance.expectedInstances !== 1) refused.push({ path: 'governance.expectedInstances', message: 'a gateway deployment setting, not stored per organization: remove it' });
  if (refused.length) throw new Problem(422, 'config-not-importable', 'The file has parts an organization does not take from a config file.', refused);
  return orgConfigFromStandalone(file);
}
