import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Comune } from './comune.entity';
import { OwnComuneController, PlatformComuniController } from './comuni.controller';
import { ComuniService } from './comuni.service';
import { ComuneHealthController } from './health/comune-health.controller';
import { ComuneHealthService } from './health/comune-health.service';

@Module({
  imports: [TypeOrmModule.forFeature([Comune])],
  controllers: [PlatformComuniController, OwnComuneController, ComuneHealthController],
  providers: [ComuniService, ComuneHealthService],
  exports: [ComuniService],
})
export class TenancyModule {}
