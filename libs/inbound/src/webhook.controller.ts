import { Controller, Get, Headers, HttpCode, HttpStatus, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AppError } from '@bacheca/http';
import { SIGNATURE_HEADER } from '@bacheca/whatsapp';
import { NumberDirectory } from '@bacheca/numbers';
import { IntakeResult, WebhookIntakeService } from './webhook-intake.service';

/** Meta's door. Not in the staff API's OpenAPI: its contract is Meta's. */
@ApiExcludeController()
@Controller('webhooks/whatsapp')
export class WebhookController {
  constructor(
    private readonly intake: WebhookIntakeService,
    private readonly directory: NumberDirectory,
  ) {}

  /** The verification handshake: echo hub.challenge when the verify token is one of ours. */
  @Get()
  async verify(@Query() q: Record<string, unknown>, @Res() res: Response): Promise<void> {
    const mode = q['hub.mode'];
    const token = q['hub.verify_token'];
    const challenge = q['hub.challenge'];
    const wellFormed = mode === 'subscribe' && typeof token === 'string' && typeof challenge === 'string' && challenge.length <= 200;
    if (!wellFormed || !(await this.directory.verifyTokenKnown(token as string))) {
      throw new AppError(HttpStatus.FORBIDDEN, 'VERIFICATION_FAILED', 'Verifica del webhook non riuscita.');
    }
    res.status(200).type('text/plain').send(challenge);
  }

  @Post()
  @HttpCode(200)
  receive(@Req() req: Request, @Headers(SIGNATURE_HEADER) signature: string | undefined): Promise<IntakeResult> {
    if (!Buffer.isBuffer(req.body)) {
      throw new AppError(HttpStatus.BAD_REQUEST, 'MALFORMED_PAYLOAD', 'Payload del webhook non valido: corpo vuoto.');
    }
    return this.intake.accept(req.body, signature);
  }
}
