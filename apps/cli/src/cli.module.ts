import { Module } from '@nestjs/common';
import { AuditModule } from '@bacheca/audit';
import { DatabaseModule } from '@bacheca/database';
import { StaffModule } from '@bacheca/staff';
import { TenancyModule } from '@bacheca/tenancy';

@Module({ imports: [DatabaseModule, AuditModule, TenancyModule, StaffModule] })
export class CliModule {}
