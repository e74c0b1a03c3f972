import { Module } from '@nestjs/common';
import { AuditModule } from '@bacheca/audit';
import { CryptoModule } from '@bacheca/crypto';
import { DatabaseModule } from '@bacheca/database';
import { ResealSecrets } from './reseal-secrets';
import { ResealRepository } from './reseal.repository';

/** Only Postgres and the keys: a rotation needs no Redis and no queue. */
@Module({
  imports: [DatabaseModule, CryptoModule, AuditModule],
  providers: [ResealSecrets, ResealRepository],
  exports: [ResealSecrets],
})
export class ResealModule {}
