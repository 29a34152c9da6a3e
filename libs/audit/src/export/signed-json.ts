import type { KeyObject } from 'node:crypto';
import { canonicalJson, type JsonValue } from '../record/canonical-json';
import { signEd25519, signingKeyIdOf, verifyEd25519 } from './signing-key';

export interface JsonSignature {
  alg: 'Ed25519';
  keyId: string;
  value: string;
}

/**
 * Signs any JSON document the way audit export manifests are signed (Ed25519 over the RFC 8785 JSON
 * of the document without `signature`), e.g. the manifest of a usage report.
 */
export function signJsonDocument<T extends Record<string, JsonValue>>(document: T, key: KeyObject): T & { signature: JsonSignature } {
  const { signature: _ignored, ...unsigned } = document as T & { signature?: unknown };
  return { ...(unsigned as T), signature: { alg: 'Ed25519', keyId: signingKeyIdOf(key), value: signEd25519(key, canonicalJson(unsigned as JsonValue)) } };
}

/** true when `document.signature` is a valid signature of the rest of the document by `publicKeyPem`. */
export function verifyJsonDocumentSignature(document: Record<string, unknown>, publicKeyPem: string): boolean {
  const { signature, ...unsigned } = document as { signature?: Partial<JsonSignature> };
  if (!signature || signature.alg !== 'Ed25519' || typeof signature.value !== 'string') return false;
  if (signature.keyId !== signingKeyIdOf(publicKeyPem)) return false;
  return verifyEd25519(publicKeyPem, canonicalJson(unsigned as JsonValue), signature.value);
}
