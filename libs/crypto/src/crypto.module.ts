import { Global, Module } from '@nestjs/common';
import { previousEncryptionKeysOf, Settings } from '@bacheca/config';
import { BlindIndex } from './blind-index';
import { SecretBox } from './secret-box';

@Global()
@Module({
  providers: [
    { provide: SecretBox, inject: [Settings], useFactory: (s: Settings) => new SecretBox(s.ENCRYPTION_KEY, previousEncryptionKeysOf(s)) },
    { provide: BlindIndex, inject: [Settings], useFactory: (s: Settings) => new BlindIndex(s.BLIND_INDEX_KEY) },
  ],
  exports: [SecretBox, BlindIndex],
})
export class CryptoModule {}
