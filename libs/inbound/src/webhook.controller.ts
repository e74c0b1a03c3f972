import { Controller, Get, Headers, HttpCode, HttpStatus, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AppError } from '@bacheca/http';
import { WebhookMetrics } from '@bacheca/metrics';
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
    private readonly metrics: WebhookMetrics,
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
  async receive(@Req() req: Request, @Headers(SIGNATURE_HEADER) signature: string | undefined): Promise<IntakeResult> {
    const done = this.metrics.start();
    try {
      if (!Buffer.isBuffer(req.body)) {
        throw new AppError(HttpStatus.BAD_REQUEST, 'MALFORMED_PAYLOAD', 'Payload del webhook non valido: corpo vuoto.');
      }
      const result = await this.intake.accept(req.body, signature);
      done('accepted');
      return result;
    } catch (err) {
      // The error's stable code, never its text: a handful of label values whatever is sent.
      done(err instanceof AppError ? err.code : 'INTERNAL_ERROR');
      throw err;
    }
  }
}
