import { BadRequestException, Body, Controller, HttpCode, NotFoundException, Post, UsePipes } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { randomBytes } from 'node:crypto';
import { newMediaId, newWamid } from '../common/ids';
import { bsuidFor, e164Digits } from '../common/phone';
import { PublicUrl } from '../common/public-url';
import { controlValidation } from '../common/validation';
import { MessageLog } from '../messages/message-log';
import { NumbersStore, SandboxNumber } from '../numbers/numbers.store';
import { WebhookSender } from '../webhooks/webhook-sender';
import { InboundDto, UserPreferenceDto } from './inbound.dto';
import { messagesWebhook, userPreferencesWebhook } from './inbound-payloads';

export interface InboundResult {
  metaMessageId: string;
  /** The callback's HTTP status on the first attempt; null when it could not be reached. */
  callbackStatus: number | null;
  callbackError?: string;
  payload: Record<string, unknown>;
}

/** A citizen writing to a town's number: builds Meta's webhook, signs it, posts it to the callback. */
@ApiTags('sandbox citizen')
@Controller('_sandbox')
@UsePipes(controlValidation())
export class InboundController {
  constructor(
    private readonly numbers: NumbersStore,
    private readonly log: MessageLog,
    private readonly sender: WebhookSender,
    private readonly publicUrl: PublicUrl,
  ) {}

  @Post('inbound')
  @HttpCode(200)
  async inbound(@Body() dto: InboundDto): Promise<InboundResult> {
    const number = this.numberOf(dto.phoneNumberId);
    const fromDigits = digitsOf(dto.from, 'from');
    const type = dto.type ?? 'text';
    if (type === 'system' && !dto.newFrom) throw new BadRequestException("type 'system' needs newFrom");
    const wamid = newWamid(fromDigits);
    const mediaId = newMediaId();
    const payload = messagesWebhook(number, {
      type,
      fromDigits,
      userId: dto.userId ?? bsuidFor(number.wabaId, fromDigits),
      profileName: dto.profileName ?? 'Cittadino di prova',
      wamid,
      timestamp: new Date(),
      text: dto.text,
      buttonPayload: dto.buttonPayload,
      contextMessageId: dto.contextMessageId ?? this.defaultContext(number, fromDigits, type),
      businessDigits: number.displayPhoneNumber,
      mediaId,
      mediaUrl: `${this.publicUrl.value}/_sandbox/media/${mediaId}?sig=${randomBytes(6).toString('hex')}`,
      filename: dto.filename,
      latitude: dto.latitude,
      longitude: dto.longitude,
      newDigits: dto.newFrom ? digitsOf(dto.newFrom, 'newFrom') : undefined,
      phoneHidden: dto.usernameOnly,
    });
    const result = await this.sender.postNow(number, payload, 'messages');
    return { metaMessageId: wamid, callbackStatus: result.statusCode ?? null, ...(result.error && { callbackError: result.error }), payload };
  }

  /** A citizen stopping or resuming marketing messages in WhatsApp's settings (WHATSAPP.md §4.5). */
  @Post('user-preferences')
  @HttpCode(200)
  async userPreference(@Body() dto: UserPreferenceDto): Promise<Omit<InboundResult, 'metaMessageId'>> {
    const number = this.numberOf(dto.phoneNumberId);
    const payload = userPreferencesWebhook(number, {
      fromDigits: digitsOf(dto.from, 'from'),
      profileName: dto.profileName ?? 'Cittadino di prova',
      value: dto.value,
      timestamp: new Date(),
    });
    const result = await this.sender.postNow(number, payload, 'user_preferences');
    return { callbackStatus: result.statusCode ?? null, ...(result.error && { callbackError: result.error }), payload };
  }

  private numberOf(phoneNumberId: string): SandboxNumber {
    const number = this.numbers.get(phoneNumberId);
    if (!number) throw new NotFoundException(`No sandbox number ${phoneNumberId}`);
    return number;
  }

  /** A quick-reply tap answers the last template; a reaction targets the last message. */
  private defaultContext(number: SandboxNumber, fromDigits: string, type: string): string | undefined {
    if (type === 'button') return this.log.lastTo(number.phoneNumberId, `+${fromDigits}`, 'template')?.wamid;
    if (type === 'reaction' || type === 'interactive') return this.log.lastTo(number.phoneNumberId, `+${fromDigits}`)?.wamid;
    return undefined;
  }
}

function digitsOf(input: string, field: string): string {
  const digits = e164Digits(input);
  if (!digits) throw new BadRequestException(`${field} must be an E.164 number`);
  return digits;
}
