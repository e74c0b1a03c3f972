export * from './queues';
export * from './queue.module';
export * from './job-queue';
export * from './queue-stats';
export * from './queue-dashboard';
