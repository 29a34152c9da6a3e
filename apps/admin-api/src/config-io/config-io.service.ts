import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { stringify } from 'yaml';
import { appendAuditEvent } from '@sluice/audit';
import { bumpConfigVersion, getConfigVersion } from '@sluice/db';
import { EgressDeniedError, type EgressGuard } from '@sluice/egress';
import { auditActorOf, type Caller, orgIdOf } from '../auth/principal';
import { ConfigPublisher } from '../config-publishing/config-publisher';
import { Problem } from '../errors/problem';
import type { RequestContext } from '../http/request-context';
import { EGRESS_GUARD } from '../providers/providers.tokens';
import { applyConfig } from './apply-config';
import { auditableDiff, diffConfig, diffSummary } from './config-diff';
import type { ImportBody, ImportPreview, ImportResult } from './config-io.dto';
import { parseImportFile } from './import-file';
import { standaloneDocumentOf, type OrgConfig } from './org-config';
import { readStoredConfig } from './stored-config';
import { baseUrlShapeProblem } from '../providers/base-url-shape';


/** GitOps for an organization: export its config as standalone YAML; preview and apply a file as a diff. */
@Injectable()
export class ConfigIoService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly publisher: ConfigPublisher,
    @Inject(EGRESS_GUARD) private readonly egress: EgressGuard,
  ) {}

  /** The YAML and the config version it was read at (one REPEATABLE READ snapshot). */
  async export(principal: Caller): Promise<{ yaml: string; version: number }> {
    const orgId = orgIdOf(principal);
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      await manager.query('SET TRANSACTION READ ONLY');
      const version = await getConfigVersion(manager);
      const stored = await readStoredConfig(manager, orgId);
      return { yaml: stringify(standaloneDocumentOf(stored.config), { lineWidth: 0 }), version };
    });
  }

  async preview(principal: Caller, yaml: string): Promise<ImportPreview> {
    const orgId = orgIdOf(principal);
    const desired = parseImportFile(yaml);
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      await manager.query('SET TRANSACTION READ ONLY');
      const baseVersion = await getConfigVersion(manager);
      const diff = diffConfig(await readStoredConfig(manager, orgId), desired);
      // What the import would refuse, the preview refuses already.
      this.checkProviderUrls(desired, new Set([...diff.providers.added, ...diff.providers.changed.map((c) => c.name)]));
      return { baseVersion, diff, summary: diffSummary(diff) };
    });
  }

  /** Applies the file's diff in one transaction (audited as `config.imported`), then publishes the new version. */
  async import(principal: Caller, body: ImportBody, context: RequestContext): Promise<ImportResult> {
    const orgId = orgIdOf(principal);
    const desired = parseImportFile(body.yaml);
    const result = await this.dataSource.transaction(async (manager) => {
      // Serialises imports (and any other config change) against the version row.
      const [{ version: current }] = (await manager.query('SELECT version FROM config_versions WHERE id = 1 FOR UPDATE')) as Array<{ version: string }>;
      if (body.expectedVersion !== undefined && Number(current) !== body.expectedVersion) {
        throw new Problem(409, 'version-mismatch', `The config is at version ${current}, not ${body.expectedVersion}: preview again and retry.`);
      }
      const stored = await readStoredConfig(manager, orgId);
      const diff = diffConfig(stored, desired);
      const summary = diffSummary(diff);
      if (summary.added + summary.changed + summary.removed === 0) return { applied: false, version: Number(current), diff, summary };
      this.checkProviderUrls(desired, new Set([...diff.providers.added, ...diff.providers.changed.map((c) => c.name)]));
      await applyConfig(manager, stored, desired, diff);
      const version = await bumpConfigVersion(manager);
      await appendAuditEvent(manager, {
        orgId,
        actor: auditActorOf(principal),
        action: 'config.imported',
        target: { type: 'config', id: orgId },
        before: { version: Number(current) },
        after: { version, summary, diff: auditableDiff(diff) },
        ip: context.ip,
        userAgent: context.userAgent,
        result: 'success',
        requestId: context.requestId,
      });
      return { applied: true, version, diff, summary };
    });
    if (result.applied) await this.publisher.publish(result.version);
    return result;
  }

  /** The same egress and shape rules as the providers API, for providers the import adds or changes. */
  private checkProviderUrls(desired: OrgConfig, names: Set<string>): void {
    const errors: Array<{ path: string; message: string }> = [];
    desired.providers.forEach((p) => {
      if (!names.has(p.name)) return;
      try {
        this.egress.assertUrlAllowed(p.baseUrl);
      } catch (error) {
        if (!(error instanceof EgressDeniedError)) throw error;
        errors.push({ path: `providers.${p.name}.base_url`, message: `${error.reason}: ${error.message}` });
        return;
      }
      const shapeProblem = baseUrlShapeProblem(p.baseUrl);
      if (shapeProblem) errors.push({ path: `providers.${p.name}.base_url`, message: shapeProblem });
    });
    if (errors.length) throw new Problem(400, 'base-url-not-allowed', 'Some provider base URLs are not allowed (by the egress policy, or because they carry a query or a credential).', errors);
  }
}
