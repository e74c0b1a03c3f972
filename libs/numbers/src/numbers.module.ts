import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { NumberDirectory } from './number-directory';
import { NumbersController, PlatformNumbersController } from './numbers.controller';
import { NumbersService } from './numbers.service';
import { WhatsappNumber } from './whatsapp-number.entity';

@Module({
  imports: [TypeOrmModule.forFeature([WhatsappNumber])],
  controllers: [PlatformNumbersController, NumbersController],
  providers: [NumbersService, NumberDirectory],
  exports: [NumbersService, NumberDirectory],
})
export class NumbersModule {}
