export * from './settings';
export * from './config.module';
export * from './clock';
