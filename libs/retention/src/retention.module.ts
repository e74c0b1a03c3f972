import { Module } from '@nestjs/common';
import { RetentionRepository } from './retention.repository';
import { RetentionSweep } from './retention-sweep';

/** The retention sweep; the worker schedules it. Settings, TenantDb and AuditService come from global modules. */
@Module({
  providers: [RetentionSweep, RetentionRepository],
  exports: [RetentionSweep],
})
export class RetentionModule {}
