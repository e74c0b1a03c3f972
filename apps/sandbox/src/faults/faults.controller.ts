import { Body, Controller, Delete, Get, HttpCode, Post, UsePipes } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { e164Digits } from '../common/phone';
import { controlValidation } from '../common/validation';
import { FaultsDto } from './faults.dto';
import { Faults, FaultsStore } from './faults.store';

@ApiTags('sandbox control')
@Controller('_sandbox/faults')
@UsePipes(controlValidation())
export class FaultsController {
  constructor(private readonly faults: FaultsStore) {}

  @Get()
  get(): Faults {
    return this.faults.current;
  }

  @Post()
  @HttpCode(200)
  set(@Body() dto: FaultsDto): Faults {
    return this.faults.update({
      ...dto,
      undeliverable: dto.undeliverable?.map((n) => `+${e164Digits(n) ?? n.replace(/\D/g, '')}`),
    });
  }

  @Delete()
  @HttpCode(200)
  reset(): Faults {
    return this.faults.reset();
  }
}
