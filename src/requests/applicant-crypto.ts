import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { formatQueryCode } from './reference.rules.js';

/**
 * Applicants' ID numbers and phone numbers are encrypted at rest with AES-256-GCM (node:crypto), and
 * one applicant's applications are recognised by a keyed HMAC of the ID number (or credit code), so
 * counting them for 条例第三十五条 and the fee tiers never needs a decryption. Both keys are derived
 * from GONGKAI_SECRET_KEY with HKDF, so the encryption key and the HMAC key are never the same bytes.
 */
export interface RequestSecrets {
  /** `v1.<iv>.<tag>.<ciphertext>` (base64url); `field` is bound as associated data. */
  encrypt(field: EncryptedField, plaintext: string): string;
  /** Throws when the text was not produced by this key for this field (tampered or wrong key). */
  decrypt(field: EncryptedField, sealed: string): string;
  /** Lower-case hex HMAC-SHA-256 of the normalised identity (ID number or credit code). */
  identityHmac(identity: string): string;
  /**
   * The query code for an online form's one-time token: the same token always gives the same code, so
   * a double submit can show the code again although only its hash is stored.
   */
  deriveQueryCode(clientToken: string): string;
}

export type EncryptedField = 'id_number' | 'phone';

const VERSION = 'v1';

function subkey(master: Buffer, label: string): Buffer {
  return Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), `gongkai/${label}`, 32));
}

/** Normalises an identity before hashing: no spaces, upper case (the X of a resident ID, credit codes). */
export function normaliseIdentity(value: string): string {
  return value.replace(/\s+/g, '').toUpperCase();
}

export function createRequestSecrets(masterKey: Buffer): RequestSecrets {
  if (masterKey.length !== 32) throw new RangeError('The secret key must be 32 bytes');
  const encKey = subkey(masterKey, 'applicant-encryption');
  const macKey = subkey(masterKey, 'applicant-identity-hmac');
  const queryKey = subkey(masterKey, 'query-code');
  return {
    encrypt(field, plaintext) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', encKey, iv);
      cipher.setAAD(Buffer.from(field));
      const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return [VERSION, iv.toString('base64url'), tag.toString('base64url'), data.toString('base64url')].join(
        '.',
      );
    },
    decrypt(field, sealed) {
      const [version, iv, tag, data] = sealed.split('.');
      if (version !== VERSION || !iv || !tag || data === undefined) {
        throw new Error('Not an encrypted applicant field');
      }
      const decipher = createDecipheriv('aes-256-gcm', encKey, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(field));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString(
        'utf8',
      );
    },
    identityHmac(identity) {
      return createHmac('sha256', macKey).update(normaliseIdentity(identity)).digest('hex');
    },
    deriveQueryCode(clientToken) {
      return formatQueryCode(createHmac('sha256', queryKey).update(clientToken).digest());
    },
  };
}
