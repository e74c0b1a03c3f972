import { BadRequestException, Body, Controller, Delete, Get, HttpCode, Inject, NotFoundException, Param, Post, UsePipes } from '@nestjs/common';
import { randomBytes, randomInt } from 'node:crypto';
import { ApiTags } from '@nestjs/swagger';
import { e164Digits } from '../common/phone';
import { controlValidation } from '../common/validation';
import { SANDBOX_SETTINGS } from '../sandbox-settings';
import type { SandboxSettings } from '../sandbox-settings';
import { CreateTestNumberDto, RegisterNumberDto } from './number.dto';
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

  /**
   * What Meta's dashboard does for a new business number: makes up its ids, a system-user token and
   * the app secret, and shows them once, to be pasted into Bacheca's onboarding. The verify token is
   * the one the operator would type into Meta's webhook settings.
   */
  @Post('new')
  @HttpCode(201)
  create(@Body() dto: CreateTestNumberDto): SandboxNumber & { webhookVerifyToken: string } {
    const callbackUrl = dto.callbackUrl ?? this.settings.callbackUrl;
    if (!callbackUrl) throw new BadRequestException('callbackUrl is required (no SANDBOX_CALLBACK_URL is set)');
    const digits = (n: number) => Array.from({ length: n }, (_, i) => randomInt(i === 0 ? 1 : 0, 10)).join('');
    const display = dto.displayPhoneNumber ? e164Digits(dto.displayPhoneNumber) : `393${digits(9)}`;
    if (!display) throw new BadRequestException('displayPhoneNumber is not a phone number');
    const number = this.numbers.upsert({
      phoneNumberId: digits(15),
      displayPhoneNumber: display,
      wabaId: digits(15),
      accessToken: `EAAsandbox${randomBytes(36).toString('base64url')}`,
      appSecret: randomBytes(16).toString('hex'),
      callbackUrl,
      mps: dto.mps ?? this.settings.defaultMps,
      label: dto.label,
    });
    return { ...number, webhookVerifyToken: randomBytes(12).toString('base64url') };
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
