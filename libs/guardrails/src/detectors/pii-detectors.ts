import { GuardrailPiiType } from '@sluice/contracts';
import { creditCardDetector } from './credit-card.detector';
import { Detector } from './detector';
import { emailDetector } from './email.detector';
import { ibanDetector } from './iban.detector';
import { ukNinoDetector, usSsnDetector } from './national-id.detector';
import { phoneDetector } from './phone.detector';
import { secretDetectors } from './secret.detector';

const BY_TYPE: Readonly<Record<GuardrailPiiType, readonly Detector[]>> = {
  email: [emailDetector],
  phone: [phoneDetector],
  credit_card: [creditCardDetector],
  iban: [ibanDetector],
  national_id: [usSsnDetector, ukNinoDetector],
  secret: secretDetectors,
};

/** The detectors of the given PII types, secrets first (a key inside an email-like string is redacted whole). */
export function piiDetectors(types: readonly GuardrailPiiType[]): Detector[] {
  const order: GuardrailPiiType[] = ['secret', 'credit_card', 'iban', 'national_id', 'email', 'phone'];
  return order.filter((t) => types.includes(t)).flatMap((t) => BY_TYPE[t]);
}
