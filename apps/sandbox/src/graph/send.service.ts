import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { newWamid, sleep } from '../common/ids';
import { FaultsStore } from '../faults/faults.store';
import { MessageLog } from '../messages/message-log';
import { NumbersStore } from '../numbers/numbers.store';
import { SANDBOX_SETTINGS } from '../sandbox-settings';
import type { SandboxSettings } from '../sandbox-settings';
import { StatusScheduler } from '../statuses/status-scheduler';
import { MetaError, metaErrors } from './meta-error';
import { validateSendRequest } from './send-validation';
import { ThroughputLimiter } from './throughput-limiter';

export interface SendResponse {
  messaging_product: 'whatsapp';
  contacts: { input: string; wa_id: string }[];
  messages: { id: string; message_status?: string }[];
}

export interface SendRequest {
  graphVersion: string;
  phoneNumberId: string;
  authorization: string | undefined;
  body: unknown;
}

const GRAPH_VERSION = /^v\d+\.\d+$/;

/** `POST /<version>/<PHONE_NUMBER_ID>/messages`: the checks in the order the sandbox applies them. */
@Injectable()
export class SendService implements OnModuleDestroy {
  private readonly held = new Set<() => void>();

  constructor(
    @Inject(SANDBOX_SETTINGS) private readonly settings: SandboxSettings,
    private readonly numbers: NumbersStore,
    private readonly faults: FaultsStore,
    private readonly limiter: ThroughputLimiter,
    private readonly log: MessageLog,
    private readonly statuses: StatusScheduler,
  ) {}

  async send(req: SendRequest): Promise<SendResponse> {
    try {
      return await this.handle(req);
    } catch (error) {
      if (error instanceof MetaError) {
        this.log.recordRejection({
          graphVersion: req.graphVersion,
          phoneNumberId: req.phoneNumberId,
          httpStatus: error.httpStatus,
          code: error.code,
          message: error.message,
          body: req.body,
        });
      }
      throw error;
    }
  }

  onModuleDestroy(): void {
    for (const release of this.held) release();
    this.held.clear();
  }

  private async handle(req: SendRequest): Promise<SendResponse> {
    const faults = this.faults.current;
    if (faults.latencyMs > 0) await sleep(faults.latencyMs);
    if (FaultsStore.happens(faults.timeoutRate)) {
      const released = await this.hold(faults.timeoutMs ?? this.settings.timeoutFaultMs);
      if (released === 'shutdown') throw metaErrors.serviceUnavailable();
    }
    if (!GRAPH_VERSION.test(req.graphVersion)) throw metaErrors.unknownPath(`/${req.graphVersion}`);

    const number = this.numbers.get(req.phoneNumberId);
    if (!number) throw metaErrors.unknownObject(req.phoneNumberId);
    if (req.authorization !== `Bearer ${number.accessToken}`) throw metaErrors.invalidToken();
    if (faults.expiredToken.includes(number.phoneNumberId)) throw metaErrors.expiredToken();
    if (faults.errorCode !== null) throw metaErrors.chosen(faults.errorCode, faults.errorHttpStatus);
    if (faults.throttleAll) throw metaErrors.rateLimit();
    if (FaultsStore.happens(faults.errorRate)) throw metaErrors.somethingWentWrong();
    if (!this.limiter.tryTake(number)) throw metaErrors.rateLimit();

    const valid = validateSendRequest(req.body, number.countryCallingCode);
    if (faults.pairRateLimit && !this.limiter.tryTakePair(number, valid.recipient)) throw metaErrors.pairRateLimit();

    const recipientDigits = valid.recipient.slice(1);
    const wamid = newWamid(recipientDigits);
    this.log.record({
      wamid,
      graphVersion: req.graphVersion,
      phoneNumberId: number.phoneNumberId,
      to: valid.to,
      recipient: valid.recipient,
      type: valid.type,
      ...(valid.bizOpaqueCallbackData !== undefined && { bizOpaqueCallbackData: valid.bizOpaqueCallbackData }),
      body: req.body,
    });
    this.statuses.schedule({
      phoneNumberId: number.phoneNumberId,
      wamid,
      recipientDigits,
      bizOpaqueCallbackData: valid.bizOpaqueCallbackData,
      billing: valid.type === 'template' ? 'template' : 'service',
      undeliverable: faults.undeliverable.includes(valid.recipient),
    });
    return {
      messaging_product: 'whatsapp',
      contacts: [{ input: valid.to, wa_id: recipientDigits }],
      // Templates carry message_status (pacing, WHATSAPP.md §3); the sandbox never holds them.
      messages: [valid.type === 'template' ? { id: wamid, message_status: 'accepted' } : { id: wamid }],
    };
  }

  private hold(ms: number): Promise<'elapsed' | 'shutdown'> {
    return new Promise((resolve) => {
      const release = () => {
        clearTimeout(timer);
        this.held.delete(release);
        resolve('shutdown');
      };
      const timer = setTimeout(() => {
        this.held.delete(release);
        resolve('elapsed');
      }, ms);
      this.held.add(release);
    });
  }
}
