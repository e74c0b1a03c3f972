import { BadRequestException, Controller, Delete, Get, HttpCode, Query } from '@nestjs/common';
import { ApiQuery, ApiTags } from '@nestjs/swagger';
import { e164Digits } from '../common/phone';
import { MessageLog, RejectedRequest, SentMessage } from './message-log';

const DEFAULT_LIMIT = 1000;
const MAX_LIMIT = 200_000;

@ApiTags('sandbox control')
@Controller('_sandbox')
export class MessagesController {
  constructor(private readonly log: MessageLog) {}

  @Get('messages')
  @ApiQuery({ name: 'phoneNumberId', required: false })
  @ApiQuery({ name: 'to', required: false, description: 'E.164 recipient' })
  @ApiQuery({ name: 'since', required: false, description: 'ISO-8601 time or epoch ms, inclusive' })
  @ApiQuery({ name: 'afterSeq', required: false, description: 'only messages after this cursor' })
  @ApiQuery({ name: 'limit', required: false, description: `default ${DEFAULT_LIMIT}` })
  messages(
    @Query('phoneNumberId') phoneNumberId?: string,
    @Query('to') to?: string,
    @Query('since') since?: string,
    @Query('afterSeq') afterSeq?: string,
    @Query('limit') limit?: string,
  ): { total: number; lastSeq: number; messages: SentMessage[] } {
    let recipient: string | undefined;
    if (to !== undefined && to !== '') {
      const digits = e164Digits(to);
      if (!digits) throw new BadRequestException('to must be an E.164 number');
      recipient = `+${digits}`;
    }
    return this.log.query({
      phoneNumberId: phoneNumberId || undefined,
      recipient,
      since: parseSince(since),
      afterSeq: parseInteger('afterSeq', afterSeq, 0, Number.MAX_SAFE_INTEGER),
      limit: parseInteger('limit', limit, 1, MAX_LIMIT) ?? DEFAULT_LIMIT,
    });
  }

  /**
   * Who got what, compactly: `[seq, recipient, bizOpaqueCallbackData, acceptedAtMs]` per accepted message, so a
   * fault run can count each phone's copies of a 50,000-recipient broadcast without the bodies.
   */
  @Get('messages/recipients')
  recipients(
    @Query('phoneNumberId') phoneNumberId?: string,
    @Query('since') since?: string,
    @Query('afterSeq') afterSeq?: string,
    @Query('limit') limit?: string,
  ): { total: number; lastSeq: number; messages: [number, string, string | null, number][] } {
    const r = this.log.query({
      phoneNumberId: phoneNumberId || undefined,
      since: parseSince(since),
      afterSeq: parseInteger('afterSeq', afterSeq, 0, Number.MAX_SAFE_INTEGER),
      limit: parseInteger('limit', limit, 1, MAX_LIMIT) ?? MAX_LIMIT,
    });
    return { total: r.total, lastSeq: r.lastSeq, messages: r.messages.map((m) => [m.seq, m.recipient, m.bizOpaqueCallbackData ?? null, Date.parse(m.receivedAt)]) };
  }

  /** Requests the Graph endpoint refused, with the error it answered. */
  @Get('rejections')
  rejections(
    @Query('phoneNumberId') phoneNumberId?: string,
    @Query('since') since?: string,
    @Query('afterSeq') afterSeq?: string,
    @Query('limit') limit?: string,
  ): RejectedRequest[] {
    return this.log.rejections({
      phoneNumberId: phoneNumberId || undefined,
      since: parseSince(since),
      afterSeq: parseInteger('afterSeq', afterSeq, 0, Number.MAX_SAFE_INTEGER),
      limit: parseInteger('limit', limit, 1, MAX_LIMIT) ?? DEFAULT_LIMIT,
    });
  }

  @Delete('messages')
  @HttpCode(204)
  clear(): void {
    this.log.clear();
  }
}

function parseSince(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const ms = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (!Number.isFinite(ms)) throw new BadRequestException('since must be an ISO-8601 time or epoch milliseconds');
  return ms;
}

function parseInteger(name: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined || value === '') return undefined;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new BadRequestException(`${name} must be an integer between ${min} and ${max}`);
  }
  return Number(value);
}
