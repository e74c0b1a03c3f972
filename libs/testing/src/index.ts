export * from './test-database';
export * from './sealing';
export * from './tenant-tables';
