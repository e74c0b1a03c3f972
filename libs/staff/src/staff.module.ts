import { Module } from '@nestjs/common';
import { AuthModule } from '@bacheca/auth';
import { PlatformStaffController, StaffController } from './staff.controller';
import { StaffService } from './staff.service';

@Module({
  imports: [AuthModule],
  controllers: [StaffController, PlatformStaffController],
  providers: [StaffService],
  exports: [StaffService],
})
export class StaffModule {}
