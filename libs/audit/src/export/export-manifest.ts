import type { KeyObject } from 'node:crypto';
import { z } from 'zod';
import { canonicalJson, type JsonValue } from '../record/canonical-json';
import { CHAIN_BREAK_REASONS } from '../verify/chain-checker';
import { signEd25519, signingKeyIdOf, verifyEd25519 } from './signing-key';

export const EXPORT_FORMATS = ['csv', 'jsonl'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);
const seq = z.number().int().positive();

export const auditExportManifestSchema = z.strictObject({
  version: z.literal(1),
  orgId: z.uuid(),
  /** The filters the export was made with, dates as ISO strings. */
  filters: z.record(z.string(), z.string()),
  format: z.enum(EXPORT_FORMATS),
  rowCount: z.number().int().nonnegative(),
  firstSeq: seq.nullable(),
  lastSeq: seq.nullable(),
  firstHash: hex64.nullable(),
  lastHash: hex64.nullable(),
  /** true: the rows are one unbroken seq range, so every row must link to the one before it. */
  contiguous: z.boolean(),
  /** The org's newest event when the export ran: an anchor for later `verifyAuditChain({ anchor })`. */
  chainHead: z.strictObject({ seq, hash: hex64 }).nullable(),
  /** The database chain from genesis to `chainHead` verified when the export ran. */
  chainVerified: z.boolean(),
  /** Where it did not (null when it did). */
  chainBreak: z.strictObject({ seq, reason: z.enum(CHAIN_BREAK_REASONS) }).nullable(),
  fileSha256: hex64,
  generatedAt: z.iso.datetime(),
  signature: z.strictObject({ alg: z.literal('Ed25519'), keyId: z.string().regex(/^[0-9a-f]{16}$/), value: z.base64() }),
});
export type AuditExportManifest = z.infer<typeof auditExportManifestSchema>;
export type UnsignedAuditExportManifest = Omit<AuditExportManifest, 'signature'>;

/** The exact bytes signed: RFC 8785 JSON of the manifest without `signature`, UTF-8. */
export function manifestSigningPayload(manifest: UnsignedAuditExportManifest | AuditExportManifest): string {
  const { signature: _signature, ...unsigned } = manifest as AuditExportManifest;
  return canonicalJson(unsigned as unknown as JsonValue);
}

export function signManifest(manifest: UnsignedAuditExportManifest, key: KeyObject): AuditExportManifest {
  const unsigned = { ...manifest } as UnsignedAuditExportManifest & { signature?: unknown };
  delete unsigned.signature;
  return { ...unsigned, signature: { alg: 'Ed25519', keyId: signingKeyIdOf(key), value: signEd25519(key, manifestSigningPayload(unsigned)) } };
}

export type ManifestSignatureCheck = { ok: true } | { ok: false; problem: 'wrong_key' | 'signature_invalid'; detail: string };

export function checkManifestSignature(manifest: AuditExportManifest, publicKeyPem: string): ManifestSignatureCheck {
  const keyId = signingKeyIdOf(publicKeyPem);
  if (manifest.signature.keyId !== keyId) {
    return { ok: false, problem: 'wrong_key', detail: `manifest signed by key ${manifest.signature.keyId}, the given public key is ${keyId}` };
  }
  if (!verifyEd25519(publicKeyPem, manifestSigningPayload(manifest), manifest.signature.value)) {
    return { ok: false, problem: 'signature_invalid', detail: 'the manifest signature does not verify: the manifest was changed after signing' };
  }
  return { ok: true };
}
