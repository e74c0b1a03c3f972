export * from './event-rows';
export * from './inbound-handler';
export * from './inbound.module';
export * from './process-inbound-events';
export * from './webhook-events.repository';
export * from './webhook-intake.service';
