import { Body, Controller, Delete, Get, HttpCode, Inject, NotFoundException, Param, Post, UsePipes } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { e164Digits } from '../common/phone';
import { controlValidation } from '../common/validation';
import { SANDBOX_SETTINGS } from '../sandbox-settings';
import type { SandboxSettings } from '../sandbox-settings';
import { RegisterNumberDto } from './number.dto';
import { NumbersStore, SandboxNumber } from './numbers.store';

@ApiTags('sandbox control')
@Controller('_sandbox/numbers')
@UsePipes(controlValidation())
export class NumbersController {
  constructor(
    private readonly numbers: NumbersStore,
    @Inject(SANDBOX_SETTINGS) private readonly settings: SandboxSettings,
  ) {}

  /** Upsert: registering the same phoneNumberId again replaces it. */
  @Post()
  @HttpCode(200)
  register(@Body() dto: RegisterNumberDto): SandboxNumber {
    return this.numbers.upsert({
      phoneNumberId: dto.phoneNumberId,
      displayPhoneNumber: e164Digits(dto.displayPhoneNumber) ?? dto.displayPhoneNumber.replace(/\D/g, ''),
      wabaId: dto.wabaId,
      accessToken: dto.accessToken,
      appSecret: dto.appSecret ?? this.settings.defaultAppSecret,
      callbackUrl: dto.callbackUrl,
      mps: dto.mps ?? this.settings.defaultMps,
      ...(dto.label && { label: dto.label }),
    });
  }

  /** Tokens and secrets included: the sandbox is reached only over loopback by our own processes. */
  @Get()
  list(): SandboxNumber[] {
    return this.numbers.list();
  }

  @Delete(':id')
  @HttpCode(204)
  remove(@Param('id') id: string): void {
    if (!this.numbers.delete(id)) throw new NotFoundException(`No sandbox number ${id}`);
  }
}
