import { timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { generateSecret, generateSync, generateURI } from 'otplib';
import { DataSource, type EntityManager } from 'typeorm';
import { credentialCipherFromEnv, TotpCredential, User, type CredentialCipher } from '@sluice/db';
import { ADMIN_API_CONFIG, type AdminApiConfig } from '../config/admin-api-config';
import { Problem } from '../errors/problem';

/** RFC 6238 defaults every authenticator app uses: 30 s steps, 6 digits, HMAC-SHA-1. */
const PERIOD_SECONDS = 30;
/** One step either side tolerates clock drift between phone and server. */
const DRIFT_STEPS = 1;

function sameCode(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

/**
 * TOTP second factor for the break-glass (password) login. The secret is sealed with the KEK; a code
 * is accepted at most once (the last used time step is stored).
 */
@Injectable()
export class TotpService {
  private readonly cipher: CredentialCipher;

  constructor(private readonly dataSource: DataSource, @Inject(ADMIN_API_CONFIG) config: AdminApiConfig) {
    this.cipher = credentialCipherFromEnv(config);
  }

  /** Starts (or restarts, while not yet confirmed) enrolment; returns the secret and the otpauth:// URI for a QR code. */
  async enroll(userId: string): Promise<{ secret: string; otpauthUri: string }> {
    const user = await this.dataSource.getRepository(User).findOneByOrFail({ id: userId });
    if (!user.passwordHash) throw new Problem(409, 'not-break-glass', 'Only the break-glass (password) account uses TOTP; SSO users sign in at their IdP.');
    const existing = await this.dataSource.getRepository(TotpCredential).findOneBy({ userId });
    if (existing?.enabledAt) throw new Problem(409, 'totp-already-enabled', 'TOTP is already enabled for this account.');
    const secret = generateSecret();
    const sealed = this.cipher.encrypt(secret);
    await this.dataSource.getRepository(TotpCredential).upsert({ userId, secretSealed: sealed.ciphertext, secretKeyId: sealed.keyId, enabledAt: null, lastUsedStep: null }, ['userId']);
    return { secret, otpauthUri: generateURI({ issuer: 'Sluice', label: user.email, secret }) };
  }

  /** Confirms enrolment with a first code; from then on password sign-in needs a code. */
  async confirm(manager: EntityManager, userId: string, code: string): Promise<void> {
    const credential = await manager.findOne(TotpCredential, { where: { userId }, lock: { mode: 'pessimistic_write' } });
    if (!credential) throw new Problem(409, 'totp-not-enrolled', 'Start the enrolment first.');
    if (credential.enabledAt) throw new Problem(409, 'totp-already-enabled', 'TOTP is already enabled for this account.');
    const step = this.matchingStep(credential, code);
    if (step === null) throw new Problem(400, 'invalid-totp', 'The code is wrong or expired.');
    await manager.update(TotpCredential, { userId }, { enabledAt: new Date(), lastUsedStep: String(step) });
  }

  async isEnabled(userId: string): Promise<boolean> {
    return Boolean((await this.dataSource.getRepository(TotpCredential).findOneBy({ userId }))?.enabledAt);
  }

  /** True and consumed when `code` is valid and newer than the last accepted one. */
  async consume(userId: string, code: string): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const credential = await manager.findOne(TotpCredential, { where: { userId }, lock: { mode: 'pessimistic_write' } });
      if (!credential?.enabledAt) return false;
      const step = this.matchingStep(credential, code);
      if (step === null || (credential.lastUsedStep !== null && step <= Number(credential.lastUsedStep))) return false;
      await manager.update(TotpCredential, { userId }, { lastUsedStep: String(step) });
      return true;
    });
  }

  private matchingStep(credential: TotpCredential, code: string): number | null {
    if (!/^\d{6}$/.test(code)) return null;
    const secret = this.cipher.decrypt({ ciphertext: credential.secretSealed, keyId: credential.secretKeyId });
    const now = Math.floor(Date.now() / 1000 / PERIOD_SECONDS);
    for (let step = now - DRIFT_STEPS; step <= now + DRIFT_STEPS; step++) {
      if (sameCode(generateSync({ secret, epoch: step * PERIOD_SECONDS }), code)) return step;
    }
    return null;
  }
}
