export * from './delivery.entity';
export * from './outbox.repository';
export * from './send-deliveries';
export * from './outbox.module';
export * from './outgoing';
