export * from './test-database';
export * from './sealing';
