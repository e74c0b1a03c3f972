import { Body, Controller, Headers, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { SANDBOX_SETTINGS } from '../sandbox-settings';
import type { SandboxSettings } from '../sandbox-settings';
import { SendResponse, SendService } from './send.service';

/** The Cloud API's send endpoint. Errors leave in Meta's shape through MetaExceptionFilter. */
@ApiExcludeController()
@Controller()
export class GraphController {
  constructor(
    private readonly sends: SendService,
    @Inject(SANDBOX_SETTINGS) private readonly settings: SandboxSettings,
  ) {}

  @Post(':version/:phoneNumberId/messages')
  @HttpCode(200)
  send(
    @Param('version') version: string,
    @Param('phoneNumberId') phoneNumberId: string,
    @Headers('authorization') authorization: string | undefined,
    @Body() body: unknown,
  ): Promise<SendResponse> {
    return this.sends.send({ graphVersion: version, phoneNumberId, authorization, body });
  }

  /** Without a version Graph uses the newest one (WHATSAPP.md §1); here, SANDBOX_GRAPH_VERSION. */
  @Post(':phoneNumberId/messages')
  @HttpCode(200)
  sendUnversioned(
    @Param('phoneNumberId') phoneNumberId: string,
    @Headers('authorization') authorization: string | undefined,
    @Body() body: unknown,
  ): Promise<SendResponse> {
    return this.sends.send({ graphVersion: this.settings.graphVersion, phoneNumberId, authorization, body });
  }
}
