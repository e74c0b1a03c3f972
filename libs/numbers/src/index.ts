export * from './whatsapp-number.entity';
export * from './numbers.dto';
export * from './credential-sealing';
export * from './numbers.service';
export * from './number-directory';
export * from './numbers.module';
