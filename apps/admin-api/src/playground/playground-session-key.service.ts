import { Inject, Injectable } from '@nestjs/common';
import { Redis } from 'ioredis';
import { DataSource, In, type EntityManager } from 'typeorm';
import { appendAuditEvent } from '@sluice/audit';
import { ApiKey, bumpConfigVersion, Team, type CredentialCipher } from '@sluice/db';
import { generateApiKey } from '@sluice/governance';
import { auditActorOf, orgIdOf, type Principal } from '../auth/principal';
import { rolesHavePermission, roleHasPermission } from '../auth/permissions';
import { toApiKeyRecord } from '../api-keys/api-key.dto';
import { ADMIN_API_CONFIG, type AdminApiConfig } from '../config/admin-api-config';
import { ConfigPublisher } from '../config-publishing/config-publisher';
import { Problem } from '../errors/problem';
import type { RequestContext } from '../http/request-context';
import { CREDENTIAL_CIPHER } from '../providers/providers.tokens';
import { REDIS } from '../redis.token';
import {
  PLAYGROUND_KEY_MIN_REMAINING_SECONDS,
  PLAYGROUND_KEY_TAG,
  PLAYGROUND_KEY_TTL_SECONDS,
  type PlaygroundSessionKey,
  type PlaygroundSessionKeyRequest,
} from './playground-session-key.dto';

/** What Redis keeps for a live playground key: its id and its secret sealed with the KEK. */
interface StoredPlaygroundKey {
  keyId: string;
  ciphertext: string;
  kekId: string;
}

/**
 * Short-lived virtual keys for the portal's playground: one per user and team, expiring within an
 * hour, tagged `purpose: playground`, limited to the team's allowed models. The secret is kept
 * (sealed) in Redis until shortly before the key expires, so repeated calls hand out the same key
 * instead of piling up keys; a replaced key is revoked. Minting and revoking are audited like any key.
 */
@Injectable()
export class PlaygroundSessionKeyService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly publisher: ConfigPublisher,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(CREDENTIAL_CIPHER) private readonly cipher: CredentialCipher,
    @Inject(ADMIN_API_CONFIG) private readonly config: AdminApiConfig,
  ) {}

  async sessionKey(user: Principal, input: PlaygroundSessionKeyRequest, context: RequestContext): Promise<PlaygroundSessionKey> {
    const team = await this.teamFor(user, input.teamId);
    const slot = this.slotKey(team.orgId, user.userId, team.id);
    const live = await this.liveKey(this.dataSource.manager, slot, team);
    if (live) return live;

    const { key, version } = await this.dataSource.transaction(async (manager) => {
      // One minting per user and team at a time; whoever waited here finds the key the first one stored.
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [slot]);
      const meanwhile = await this.liveKey(manager, slot, team);
      if (meanwhile) return { key: meanwhile, version: null };

      const replaced = await manager
        .createQueryBuilder(ApiKey, 'k')
        .where('k.orgId = :orgId AND k.userId = :userId AND k.teamId = :teamId', { orgId: team.orgId, userId: user.userId, teamId: team.id })
        .andWhere("k.metadata ->> 'purpose' = :purpose", { purpose: PLAYGROUND_KEY_TAG.purpose })
        .andWhere('k.revokedAt IS NULL')
        .andWhere('(k.expiresAt IS NULL OR k.expiresAt > now())')
        .getMany();
      if (replaced.length) {
        await manager.update(ApiKey, { id: In(replaced.map((k) => k.id)) }, { revokedAt: new Date() });
        for (const old of replaced) {
          const after = await manager.findOneByOrFail(ApiKey, { id: old.id });
          await this.audit(manager, user, 'api_key.revoked', toApiKeyRecord(old), toApiKeyRecord(after), context);
        }
      }

      const generated = generateApiKey(this.config.SLUICE_KEY_PEPPER);
      const saved = await manager.save(
        manager.create(ApiKey, {
          orgId: team.orgId,
          teamId: team.id,
          userId: user.userId,
          serviceAccountId: null,
          name: 'Playground session',
          displayPrefix: generated.displayPrefix,
          hash: generated.hash,
          allowedModels: [...team.allowedModels],
          metadata: { ...PLAYGROUND_KEY_TAG },
          expiresAt: new Date(Date.now() + PLAYGROUND_KEY_TTL_SECONDS * 1000),
        }),
      );
      const fresh = await manager.findOneByOrFail(ApiKey, { id: saved.id });
      const v = await bumpConfigVersion(manager);
      await this.audit(manager, user, 'api_key.created', null, toApiKeyRecord(fresh), context);
      // Stored before the commit releases the lock, so a caller waiting on it reuses this key.
      await this.store(slot, fresh, generated.secret);
      return { key: toSessionKey(fresh, team, generated.secret, false), version: v };
    });
    if (version !== null) await this.publisher.publish(version);
    return key;
  }

  /**
   * The team the key is for: the requested one, or the first (by name) the caller belongs to. Owners
   * and admins may use any team of the organization, like for their own keys.
   */
  private async teamFor(user: Principal, teamId: string | undefined): Promise<Team> {
    const orgId = orgIdOf(user);
    const anyTeam = rolesHavePermission(user.roles, 'api_keys:manage:any');
    const memberTeams = user.memberships
      .filter((m) => m.orgId === orgId && m.teamId !== null && roleHasPermission(m.role, 'api_keys:manage:own'))
      .map((m) => m.teamId as string);
    const teams = this.dataSource.getRepository(Team);
    if (teamId) {
      const team = await teams.findOneBy({ id: teamId, orgId });
      if (!team) throw new Problem(404, 'not-found', 'No team with this id.');
      if (!anyTeam && !memberTeams.includes(team.id)) throw new Problem(403, 'forbidden', 'You can use the playground only with a team you belong to.');
      return team;
    }
    const candidates = anyTeam ? await teams.find({ where: { orgId }, order: { name: 'ASC' } }) : memberTeams.length ? await teams.find({ where: { orgId, id: In(memberTeams) }, order: { name: 'ASC' } }) : [];
    if (!candidates.length) {
      throw new Problem(409, 'no-team', 'The playground needs a team to bill the calls to. Ask a team admin to add you to a team, then try again.');
    }
    return candidates[0];
  }

  /** The stored key for this slot if it is still usable: same owner and team, not revoked, long enough left, the team's current models. */
  private async liveKey(manager: EntityManager, slot: string, team: Team): Promise<PlaygroundSessionKey | null> {
    const raw = await this.redis.get(slot);
    if (!raw) return null;
    let stored: StoredPlaygroundKey;
    let secret: string;
    try {
      stored = JSON.parse(raw) as StoredPlaygroundKey;
      secret = this.cipher.decrypt({ ciphertext: Buffer.from(stored.ciphertext, 'base64'), keyId: stored.kekId });
    } catch {
      return null; // sealed with a retired KEK or damaged: mint a new key
    }
    const key = await manager.findOneBy(ApiKey, { id: stored.keyId, orgId: team.orgId, teamId: team.id });
    const minExpiry = Date.now() + PLAYGROUND_KEY_MIN_REMAINING_SECONDS * 1000;
    if (!key || key.revokedAt || !key.expiresAt || key.expiresAt.getTime() <= minExpiry) return null;
    if (!sameModels(key.allowedModels, team.allowedModels)) return null;
    return toSessionKey(key, team, secret, true);
  }

  private async store(slot: string, key: ApiKey, secret: string): Promise<void> {
    const sealed = this.cipher.encrypt(secret);
    const value: StoredPlaygroundKey = { keyId: key.id, ciphertext: sealed.ciphertext.toString('base64'), kekId: sealed.keyId };
    const ttlMs = (key.expiresAt as Date).getTime() - Date.now() - PLAYGROUND_KEY_MIN_REMAINING_SECONDS * 1000;
    await this.redis.set(slot, JSON.stringify(value), 'PX', Math.max(ttlMs, 1000));
  }

  private slotKey(orgId: string, userId: string, teamId: string): string {
    return `${this.config.QUEUE_PREFIX}:playground-key:${orgId}:${userId}:${teamId}`;
  }

  private audit(manager: EntityManager, user: Principal, action: string, before: ReturnType<typeof toApiKeyRecord> | null, after: ReturnType<typeof toApiKeyRecord>, context: RequestContext): Promise<unknown> {
    return appendAuditEvent(manager, {
      orgId: after.orgId,
      actor: auditActorOf(user),
      action,
      target: { type: 'api_key', id: after.id },
      before,
      after,
      ip: context.ip,
      userAgent: context.userAgent,
      result: 'success',
      requestId: context.requestId,
    });
  }
}

function sameModels(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');
}

function toSessionKey(key: ApiKey, team: Team, secret: string, reused: boolean): PlaygroundSessionKey {
  return {
    keyId: key.id,
    secret,
    teamId: team.id,
    teamName: team.name,
    allowedModels: key.allowedModels,
    expiresAt: (key.expiresAt as Date).toISOString(),
    createdAt: key.createdAt.toISOString(),
    reused,
  };
}
