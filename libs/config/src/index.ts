export * from './settings';
export * from './config.module';
