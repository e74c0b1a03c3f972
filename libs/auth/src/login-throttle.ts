import { Injectable, OnModuleDestroy } from '@nestjs/common';
import Redis from 'ioredis';
import { createHash } from 'node:crypto';
import { Settings } from '@bacheca/config';

/**
 * Counts failed logins per account and per client address in Redis, shared by every API process.
 * Keys hold a hash of the e-mail, not the address itself.
 */
@Injectable()
export class LoginThrottle implements OnModuleDestroy {
  private readonly redis: Redis;

  constructor(private readonly settings: Settings) {
    this.redis = new Redis(settings.REDIS_URL, { lazyConnect: false, maxRetriesPerRequest: 2, enableOfflineQueue: true });
  }

  private keys(email: string, ip: string) {
    const account = createHash('sha256').update(email.trim().toLowerCase()).digest('hex').slice(0, 32);
    const p = `${this.settings.REDIS_PREFIX}:login-fail`;
    return { account: `${p}:acct:${account}`, address: `${p}:addr:${ip}` };
  }

  async isBlocked(email: string, ip: string): Promise<boolean> {
    const k = this.keys(email, ip);
    const [account, address] = await this.redis.mget(k.account, k.address);
    return (
      Number(account ?? 0) >= this.settings.LOGIN_MAX_FAILS_PER_ACCOUNT ||
      Number(address ?? 0) >= this.settings.LOGIN_MAX_FAILS_PER_ADDRESS
    );
  }

  async recordFailure(email: string, ip: string): Promise<void> {
    const k = this.keys(email, ip);
    const ttl = this.settings.LOGIN_FAIL_WINDOW_S;
    // The window starts at the first failure and is not extended by later ones (NX).
    await this.redis.multi().incr(k.account).expire(k.account, ttl, 'NX').incr(k.address).expire(k.address, ttl, 'NX').exec();
  }

  async recordSuccess(email: string, ip: string): Promise<void> {
    await this.redis.del(this.keys(email, ip).account);
  }

  async onModuleDestroy(): Promise<void> {
    await this.redis.quit().catch(() => undefined);
  }
}
