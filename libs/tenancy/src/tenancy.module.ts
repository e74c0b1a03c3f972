import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Comune } from './comune.entity';
import { OwnComuneController, PlatformComuniController } from './comuni.controller';
import { ComuniService } from './comuni.service';

@Module({
  imports: [TypeOrmModule.forFeature([Comune])],
  controllers: [PlatformComuniController, OwnComuneController],
  providers: [ComuniService],
  exports: [ComuniService],
})
export class TenancyModule {}
