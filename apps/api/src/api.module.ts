import { Module } from '@nestjs/common';
import { AuditModule } from '@bacheca/audit';
import { AuthModule } from '@bacheca/auth';
import { DatabaseModule } from '@bacheca/database';
import { StaffModule } from '@bacheca/staff';
import { TenancyModule } from '@bacheca/tenancy';
import { AuditController, PlatformAuditController } from './audit.controller';
import { HealthController } from './health.controller';
import { ReadinessProbe } from './readiness-probe';

@Module({
  imports: [DatabaseModule, AuditModule, AuthModule, TenancyModule, StaffModule],
  controllers: [HealthController, AuditController, PlatformAuditController],
  providers: [ReadinessProbe],
})
export class ApiModule {}
