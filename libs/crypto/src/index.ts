export * from './secret-box';
export * from './blind-index';
export * from './crypto.module';
export * from './citizen-phone';
