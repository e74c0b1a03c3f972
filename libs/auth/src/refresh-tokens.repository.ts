import { Injectable } from '@nestjs/common';
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { EntityManager, IsNull } from 'typeorm';
import { RefreshToken } from './refresh-token.entity';

const FORMAT = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.([A-Za-z0-9_-]{43})$/;

const digest = (secret: string) => createHash('sha256').update(secret).digest();

/** Opaque refresh tokens `<id>.<secret>`: the database keeps only a hash of the secret. */
@Injectable()
export class RefreshTokensRepository {
  async issue(em: EntityManager, user: { id: string; tenantId: string | null }, ttlDays: number, familyId: string): Promise<string> {
    const id = randomUUID();
    const secret = randomBytes(32).toString('base64url');
    await em.insert(RefreshToken, {
      id,
      tenantId: user.tenantId,
      userId: user.id,
      familyId,
      tokenHash: digest(secret),
      expiresAt: new Date(Date.now() + ttlDays * 86_400_000),
    });
    return `${id}.${secret}`;
  }

  /** The stored token whose secret matches, or undefined for anything malformed or unknown. */
  async find(em: EntityManager, token: string): Promise<RefreshToken | undefined> {
    const m = FORMAT.exec(token);
    if (!m) return undefined;
    const row = await em.findOne(RefreshToken, { where: { id: m[1] } });
    if (!row || !timingSafeEqual(row.tokenHash, digest(m[2]))) return undefined;
    return row;
  }

  /** Marks one token used; false if another request used it first (the row lock decides). */
  async markUsed(em: EntityManager, id: string): Promise<boolean> {
    const result = await em.update(RefreshToken, { id, usedAt: IsNull(), revokedAt: IsNull() }, { usedAt: new Date() });
    return (result.affected ?? 0) === 1;
  }

  async revokeFamily(em: EntityManager, familyId: string): Promise<void> {
    await em.update(RefreshToken, { familyId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }

  async revokeAllOfUser(em: EntityManager, userId: string): Promise<void> {
    await em.update(RefreshToken, { userId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }
}
