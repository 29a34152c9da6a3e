import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createTestDatabase } from '@sluice/testing';
import { adminSession, benchSecrets, seedDemo, startAdminApi, startService } from '../lib/admin-api.mjs';
import { deleteRedisPrefix, REDIS_URL, startMockUpstream } from '../lib/targets.mjs';

/** Polls every gateway every 2 ms until `accepted(status)` holds on all; returns the elapsed ms. */
async function untilAllGateways(gateways, key, accepted, since) {
  const pending = new Set(gateways);
  let last = '';
  while (pending.size > 0) {
    for (const gateway of [...pending]) {
      const res = await fetch(`${gateway.url}/v1/models`, { headers: { authorization: `Bearer ${key}` } });
      const body = await res.text();
      if (accepted(res.status)) pending.delete(gateway);
      else last = `${gateway.name}: HTTP ${res.status} ${body.slice(0, 200)}`;
    }
    if (Number(process.hrtime.bigint() - since) / 1e6 > 10_000) {
      const logs = [...pending].map((gateway) => `--- ${gateway.name}'s recent log:\n${gateway.outputTail()}`).join('\n');
      throw new Error(`a gateway did not apply the change within 10 s (last answer ${last})\n${logs}`);
    }
    if (pending.size > 0) await new Promise((r) => setTimeout(r, 2));
  }
  return Number(process.hrtime.bigint() - since) / 1e6;
}

/**
 * Config change to all gateways: three gateway processes on one Postgres + Redis; the admin API
 * creates a key (time until every gateway accepts it) and revokes it (time until every gateway
 * refuses it), measured from the admin API's answer.
 */
export async function configPropagation({ smoke, log }) {
  const rounds = smoke ? 2 : 20;
  const db = await createTestDatabase();
  const mock = await startMockUpstream(0);
  const queuePrefix = `bench-${randomUUID().slice(0, 8)}`;
  const env = { DATABASE_URL: db.url, REDIS_URL, QUEUE_PREFIX: queuePrefix, ...benchSecrets() };
  const services = [];
  try {
    seedDemo(env, mock.url);
    const admin = await startAdminApi(env);
    services.push(admin);
    for (let i = 0; i < 3; i += 1) {
      const gatewayEnv = { ...env, LOG_LEVEL: 'info', CONFIG_POLL_INTERVAL_MS: '30000', USAGE_SPOOL_DIR: mkdtempSync(join(tmpdir(), 'sluice-bench-spool-')) };
      services.push(await startService(`gateway-${i + 1}`, 'apps/gateway/dist/main.js', gatewayEnv, { portVar: 'GATEWAY_PORT' }));
    }
    const gateways = services.slice(1);
    const headers = await adminSession(admin.url);
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    const { rows } = await client.query('SELECT id FROM teams ORDER BY created_at LIMIT 1');
    await client.end();
    const teamId = rows[0]?.id;
    if (!teamId) throw new Error('the demo seed created no team');

    const created = [];
    const revoked = [];
    for (let round = 0; round < rounds; round += 1) {
      const res = await fetch(`${admin.url}/api/v1/api-keys`, { method: 'POST', headers, body: JSON.stringify({ name: `bench ${round}`, teamId }) });
      const since = process.hrtime.bigint();
      if (res.status !== 201) throw new Error(`key creation failed: ${res.status} ${await res.text()}`);
      const { key, secret } = await res.json();
      created.push(await untilAllGateways(gateways, secret, (s) => s === 200, since));
      const rev = await fetch(`${admin.url}/api/v1/api-keys/${key.id}/revoke`, { method: 'POST', headers, body: '{}' });
      const revokedAt = process.hrtime.bigint();
      if (!rev.ok) throw new Error(`revoke failed: ${rev.status}`);
      revoked.push(await untilAllGateways(gateways, secret, (s) => s === 401, revokedAt));
    }
    const stats = (values) => {
      const sorted = [...values].sort((a, b) => a - b);
      return { p50: sorted[Math.floor(sorted.length / 2)], max: sorted[sorted.length - 1] };
    };
    const result = { gateways: gateways.length, rounds, keyCreatedMs: stats(created), keyRevokedMs: stats(revoked) };
    log(`config change to ${gateways.length} gateways: new key p50 ${result.keyCreatedMs.p50.toFixed(1)} ms (max ${result.keyCreatedMs.max.toFixed(1)}), revocation p50 ${result.keyRevokedMs.p50.toFixed(1)} ms (max ${result.keyRevokedMs.max.toFixed(1)})`);
    return result;
  } finally {
    for (const service of services.reverse()) await service.stop();
    await mock.stop();
    await db.drop();
    await deleteRedisPrefix(queuePrefix);
  }
}
