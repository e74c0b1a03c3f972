export * from './database.module';
export * from './tenant-db';
export * from './provisioning';
export * from './migrate';
export { migrations } from './migrations';
