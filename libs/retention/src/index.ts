export * from './retention-policy';
export * from './retention-sweep';
export * from './retention.module';
