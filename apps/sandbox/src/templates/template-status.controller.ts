import { Body, Controller, HttpCode, NotFoundException, Post, UsePipes } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { controlValidation } from '../common/validation';
import { NumbersStore } from '../numbers/numbers.store';
import { WebhookSender } from '../webhooks/webhook-sender';

const EVENTS = ['APPROVED', 'REJECTED', 'PAUSED', 'DISABLED', 'REINSTATED', 'PENDING_DELETION', 'FLAGGED', 'IN_APPEAL'];

export class TemplateStatusDto {
  @ApiProperty({ example: '200000000000002' }) @IsString() @Matches(/^[0-9]{1,32}$/) wabaId: string;
  @ApiProperty({ example: 'bacheca_avviso' }) @IsString() @Matches(/^[a-z0-9_]{1,512}$/) name: string;
  @ApiPropertyOptional({ default: 'it' }) @IsOptional() @IsString() @Matches(/^[a-z]{2,3}(_[A-Z]{2})?$/) language?: string;
  @ApiProperty({ enum: EVENTS }) @IsIn(EVENTS) event: string;
  @ApiPropertyOptional({ example: 'INVALID_FORMAT' }) @IsOptional() @IsString() @Matches(/^[A-Z_]{1,60}$/) reason?: string;
}

/** Meta's verdict on a template (WHATSAPP.md §2.3): what its review would post to the WABA's webhook. */
@ApiTags('sandbox control')
@Controller('_sandbox/templates')
@UsePipes(controlValidation())
export class TemplateStatusController {
  constructor(
    private readonly numbers: NumbersStore,
    private readonly sender: WebhookSender,
  ) {}

  @Post('status')
  @HttpCode(200)
  async status(@Body() dto: TemplateStatusDto): Promise<{ callbackStatus: number | null; payload: Record<string, unknown> }> {
    // The app's webhook gets it once per WABA, signed with the app secret: any number of the WABA says where.
    const number = this.numbers.list().find((n) => n.wabaId === dto.wabaId);
    if (!number) throw new NotFoundException(`No sandbox number in WABA ${dto.wabaId}`);
    const payload = {
      object: 'whatsapp_business_account',
      entry: [
        {
          id: dto.wabaId,
          time: Math.floor(Date.now() / 1000),
          changes: [
            {
              field: 'message_template_status_update',
              value: {
                event: dto.event,
                message_template_id: Number(`1${Date.now() % 1e12}`),
                message_template_name: dto.name,
                message_template_language: dto.language ?? 'it',
                reason: dto.reason ?? 'NONE',
              },
            },
          ],
        },
      ],
    };
    const result = await this.sender.postNow(number, payload, 'message_template_status_update');
    return { callbackStatus: result.statusCode ?? null, payload };
  }
}
