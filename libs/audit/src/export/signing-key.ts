import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';

export class AuditSigningKeyError extends Error {
  override name = 'AuditSigningKeyError';
}

/**
 * The Ed25519 private key that signs export manifests, from a PKCS#8 PEM or the base64 of its DER
 * (the form that fits an environment variable: `SLUICE_AUDIT_SIGNING_KEY`).
 */
export function loadSigningKey(material: string): KeyObject {
  const text = material.trim();
  if (!text) throw new AuditSigningKeyError('audit signing key is empty');
  let key: KeyObject;
  try {
    key = text.includes('-----BEGIN')
      ? createPrivateKey({ key: text, format: 'pem' })
      : createPrivateKey({ key: Buffer.from(text, 'base64'), format: 'der', type: 'pkcs8' });
  } catch {
    throw new AuditSigningKeyError('audit signing key is neither a PKCS#8 PEM nor base64 PKCS#8 DER');
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new AuditSigningKeyError(`audit signing key must be Ed25519, not ${key.asymmetricKeyType}`);
  return key;
}

/** SPKI PEM of the public half: what an auditor gets to verify exports offline. */
export function publicKeyPemOf(key: KeyObject): string {
  return createPublicKey(key).export({ format: 'pem', type: 'spki' }).toString();
}

/** Key id: the first 16 hex characters of SHA-256 over the public key's SPKI DER. */
export function signingKeyIdOf(key: KeyObject | string): string {
  const publicKey = typeof key === 'string' ? createPublicKey(key) : createPublicKey(key);
  if (publicKey.asymmetricKeyType !== 'ed25519') throw new AuditSigningKeyError('not an Ed25519 key');
  return createHash('sha256').update(publicKey.export({ format: 'der', type: 'spki' })).digest('hex').slice(0, 16);
}

export interface DevSigningKey {
  privateKeyPem: string;
  /** The same private key as base64 PKCS#8 DER, ready for `SLUICE_AUDIT_SIGNING_KEY`. */
  privateKeyBase64: string;
  publicKeyPem: string;
  keyId: string;
}

/** A fresh key pair for development and tests. Production keys come from the secret store. */
export function generateDevSigningKey(): DevSigningKey {
  const { privateKey } = generateKeyPairSync('ed25519');
  return {
    privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    privateKeyBase64: privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
    publicKeyPem: publicKeyPemOf(privateKey),
    keyId: signingKeyIdOf(privateKey),
  };
}

export function signEd25519(key: KeyObject, payload: string): string {
  return sign(null, Buffer.from(payload, 'utf8'), key).toString('base64');
}

export function verifyEd25519(publicKeyPem: string, payload: string, signatureBase64: string): boolean {
  try {
    return verify(null, Buffer.from(payload, 'utf8'), createPublicKey(publicKeyPem), Buffer.from(signatureBase64, 'base64'));
  } catch {
    return false;
  }
}
