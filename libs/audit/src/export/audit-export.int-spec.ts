import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { appendAuditEvent } from '../writer/append-audit-event';
import { createAuditFixture, sampleEvent, type AuditFixture } from '../test-support/audit-fixture';
import { generateDevSigningKey, loadSigningKey } from './signing-key';
import { signManifest, type AuditExportManifest } from './export-manifest';
import { writeAuditExport } from './write-audit-export';
import { verifyAuditExport } from './verify-audit-export';
import type { AuditFilters } from '../read/audit-filters';

jest.setTimeout(240_000);
const run = promisify(execFile);
const ROWS = 5000;

describe('audit export and offline verification', () => {
  let fx: AuditFixture;
  let orgId: string;
  let dir: string;
  const key = generateDevSigningKey();

  beforeAll(async () => {
    fx = await createAuditFixture();
    orgId = await fx.createOrg();
    dir = mkdtempSync(join(tmpdir(), 'sluice-audit-export-'));
    for (let batch = 0; batch < ROWS / 500; batch++) {
      await fx.dataSource.transaction(async (m) => {
        for (let i = 1; i <= 500; i++) {
          const n = batch * 500 + i;
          await appendAuditEvent(m, { ...sampleEvent(orgId, n), actor: { type: 'user', id: n % 7 === 0 ? '=HYPERLINK("x")' : `user-${n % 3}`, authMethod: 'oidc' } });
        }
      });
    }
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await fx.close();
  });

  async function exportTo(name: string, format: 'csv' | 'jsonl', filters: AuditFilters = {}): Promise<{ file: string; manifest: AuditExportManifest }> {
    const file = join(dir, name);
    const manifest = await writeAuditExport({ dataSource: fx.dataSource, orgId, filters, format, out: createWriteStream(file), signingKey: loadSigningKey(key.privateKeyBase64), batchSize: 700 });
    return { file, manifest };
  }

  it.each(['jsonl', 'csv'] as const)('exports %s of 5,000 events that verify, and catches a flipped byte, an edited manifest and another key', async (format) => {
    const { file, manifest } = await exportTo(`all.${format}`, format);
    expect(manifest).toMatchObject({ version: 1, orgId, format, rowCount: ROWS, firstSeq: 1, lastSeq: ROWS, contiguous: true, chainVerified: true, chainBreak: null, chainHead: { seq: ROWS } });
    expect(manifest.lastHash).toBe(manifest.chainHead?.hash);
    expect(manifest.signature).toMatchObject({ alg: 'Ed25519', keyId: key.keyId });
    expect(await verifyAuditExport({ file, manifest, publicKeyPem: key.publicKeyPem })).toMatchObject({ ok: true });
    if (format === 'csv') expect(readFileSync(file, 'utf8')).toContain(`"'=HYPERLINK(""x"")"`);

    const bytes = readFileSync(file);
    const flipped = join(dir, `flipped.${format}`);
    bytes[Math.floor(bytes.length / 2)] ^= 0x01;
    writeFileSync(flipped, bytes);
    expect(await verifyAuditExport({ file: flipped, manifest, publicKeyPem: key.publicKeyPem })).toMatchObject({ ok: false, problem: 'file_sha256_mismatch' });

    const edited = { ...manifest, rowCount: manifest.rowCount - 1 };
    expect(await verifyAuditExport({ file, manifest: edited, publicKeyPem: key.publicKeyPem })).toMatchObject({ ok: false, problem: 'signature_invalid' });

    const other = generateDevSigningKey();
    const resigned = signManifest(edited, loadSigningKey(other.privateKeyPem));
    expect(await verifyAuditExport({ file, manifest: resigned, publicKeyPem: key.publicKeyPem })).toMatchObject({ ok: false, problem: 'wrong_key' });
    const forgedKeyId = { ...resigned, signature: { ...resigned.signature, keyId: key.keyId } };
    expect(await verifyAuditExport({ file, manifest: forgedKeyId, publicKeyPem: key.publicKeyPem })).toMatchObject({ ok: false, problem: 'signature_invalid' });
  });

  it('catches a re-hashed file whose rows were edited or dropped, even with a matching re-signed manifest (chain check)', async () => {
    const { file, manifest } = await exportTo('base.jsonl', 'jsonl');
    const lines = readFileSync(file, 'utf8').split('\n');
    const signer = loadSigningKey(key.privateKeyPem);
    const tamperedFile = (name: string, content: string) => {
      writeFileSync(join(dir, name), content);
      return { file: join(dir, name), manifest: signManifest({ ...manifest, fileSha256: createHash('sha256').update(content).digest('hex') }, signer) };
    };
    const edited = tamperedFile('edited.jsonl', [...lines.slice(0, 10), lines[10].replace('"success"', '"failure"'), ...lines.slice(11)].join('\n'));
    expect(await verifyAuditExport({ ...edited, publicKeyPem: key.publicKeyPem })).toMatchObject({ ok: false, problem: 'chain_broken', detail: expect.stringMatching(/hash_mismatch: seq 11/) });
    const dropped = tamperedFile('dropped.jsonl', [...lines.slice(0, 99), ...lines.slice(100)].join('\n'));
    expect(await verifyAuditExport({ ...dropped, publicKeyPem: key.publicKeyPem })).toMatchObject({ ok: false, problem: 'chain_broken', detail: expect.stringMatching(/seq_gap: seq 100/) });
  });

  it('exports a filtered selection whose rows still verify one by one', async () => {
    const { file, manifest } = await exportTo('denied.csv', 'csv', { result: 'denied', action: 'api_key.*' });
    expect(manifest).toMatchObject({ rowCount: ROWS / 10, contiguous: false, filters: { result: 'denied', action: 'api_key.*' }, chainVerified: true });
    expect(await verifyAuditExport({ file, manifest, publicKeyPem: key.publicKeyPem })).toMatchObject({ ok: true });
  });

  it('records a broken database chain in the manifest', async () => {
    await fx.tamper(`UPDATE audit_events SET action = 'audit.tampered' WHERE org_id = $1 AND seq = 4321`, [orgId]);
    const { manifest } = await exportTo('broken.jsonl', 'jsonl', { action: 'team.updated' });
    expect(manifest).toMatchObject({ chainVerified: false, chainBreak: { seq: 4321, reason: 'hash_mismatch' } });
  });

  it('ships a CLI that prints OK or the problem with exit code 0 or 1', async () => {
    const root = resolve(__dirname, '../../../..');
    await run('npx', ['tsc', '-p', 'libs/audit/tsconfig.lib.json'], { cwd: root });
    const cli = join(root, 'libs/audit/dist/cli/verify-export.js');
    const { file, manifest } = await exportTo('cli.jsonl', 'jsonl', { action: 'team.updated', to: new Date(Date.now() + 60_000) });
    const manifestPath = join(dir, 'manifest.json');
    const publicKeyPath = join(dir, 'public.pem');
    writeFileSync(publicKeyPath, key.publicKeyPem);
    // The org's chain was broken on purpose by the previous test: the CLI reports that too.
    writeFileSync(manifestPath, JSON.stringify(manifest));
    await expect(run('node', [cli, file, manifestPath, publicKeyPath])).rejects.toMatchObject({ code: 1, stdout: expect.stringContaining('BROKEN at seq 4321') });

    const clean = await fx.createOrg();
    await fx.appendEvents(clean, 3);
    const cleanFile = join(dir, 'clean.csv');
    const cleanManifest = await writeAuditExport({ dataSource: fx.dataSource, orgId: clean, filters: {}, format: 'csv', out: createWriteStream(cleanFile), signingKey: loadSigningKey(key.privateKeyPem) });
    writeFileSync(manifestPath, JSON.stringify(cleanManifest, null, 2));
    const ok = await run('node', [cli, cleanFile, manifestPath, publicKeyPath]);
    expect(ok.stdout).toMatch(/^OK 3 events/);
    writeFileSync(manifestPath, JSON.stringify({ ...cleanManifest, rowCount: 2 }));
    await expect(run('node', [cli, cleanFile, manifestPath, publicKeyPath])).rejects.toMatchObject({ code: 1, stdout: expect.stringContaining('FAILED signature_invalid') });
    await expect(run('node', [cli, cleanFile])).rejects.toMatchObject({ code: 2 });
  });
});
