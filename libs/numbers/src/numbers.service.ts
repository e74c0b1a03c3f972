import { Injectable } from '@nestjs/common';
import { EntityManager, QueryFailedError } from 'typeorm';
import { Actor, AuditService } from '@bacheca/audit';
import { BlindIndex, SecretBox } from '@bacheca/crypto';
import { TenantDb } from '@bacheca/database';
import { conflict, notFound } from '@bacheca/http';
import { secretContext, tokenContext, VERIFY_TOKEN_PURPOSE } from './credential-sealing';
import { NumberDirectory } from './number-directory';
import { RegisterNumberDto, UpdateNumberDto, WhatsappNumberDto } from './numbers.dto';
import { WhatsappNumber } from './whatsapp-number.entity';

export function toNumberDto(n: WhatsappNumber): WhatsappNumberDto {
  return {
    id: n.id,
    tenantId: n.tenantId,
    phoneNumberId: n.phoneNumberId,
    displayPhoneNumber: n.displayPhoneNumber,
    wabaId: n.wabaId,
    mps: n.mps,
    messagingLimitTier: n.messagingLimitTier,
    sendingStatus: n.sendingStatus,
    sendingStoppedReason: n.sendingStoppedReason,
    credentialsRotatedAt: n.credentialsRotatedAt,
    createdAt: n.createdAt,
  };
}

/** Provider staff register a comune's numbers and rotate their credentials; nothing secret ever goes back out. */
@Injectable()
export class NumbersService {
  constructor(
    private readonly db: TenantDb,
    private readonly audit: AuditService,
    private readonly box: SecretBox,
    private readonly index: BlindIndex,
    private readonly directory: NumberDirectory,
  ) {}

  /** A webhook refused a moment ago as from an unknown number is accepted from the next request on. */
  async register(actor: Actor, tenantId: string, dto: RegisterNumberDto): Promise<WhatsappNumberDto> {
    const registered = await this.db.asPlatform('numbers.register', async (em) => {
      const exists = await em.query('select 1 from comuni where id = $1', [tenantId]);
      if (!exists.length) throw notFound('Il comune');
      let saved: WhatsappNumber;
      try {
        saved = await em.transaction((inner) =>
          inner.save(
            inner.create(WhatsappNumber, {
              tenantId,
              phoneNumberId: dto.phoneNumberId,
              displayPhoneNumber: dto.displayPhoneNumber,
              wabaId: dto.wabaId,
              accessTokenEnc: this.box.seal(dto.accessToken, tokenContext(dto.phoneNumberId)),
              appSecretEnc: this.box.seal(dto.appSecret, secretContext(dto.phoneNumberId)),
              verifyTokenHash: this.index.of(VERIFY_TOKEN_PURPOSE, dto.webhookVerifyToken),
              mps: dto.mps ?? 80,
              messagingLimitTier: dto.messagingLimitTier ?? 'TIER_250',
              sendingStatus: 'active',
            }),
          ),
        );
      } catch (err) {
        if (err instanceof QueryFailedError && (err.driverError as { code?: string }).code === '23505') {
          throw conflict('NUMBER_TAKEN', 'Questo numero WhatsApp (phone number ID) è già registrato.');
        }
        throw err;
      }
      await this.audit.record(em, actor, {
        action: 'whatsapp_number.register',
        targetType: 'whatsapp_number',
        targetId: saved.id,
        tenantId,
        details: { phoneNumberId: dto.phoneNumberId, displayPhoneNumber: dto.displayPhoneNumber, mps: saved.mps },
      });
      return toNumberDto(await this.load(em, saved.id));
    });
    this.directory.forget();
    return registered;
  }

  listForPlatform(tenantId: string): Promise<WhatsappNumberDto[]> {
    return this.db.asPlatform('numbers.list', async (em) =>
      (await em.find(WhatsappNumber, { where: { tenantId }, order: { createdAt: 'ASC' } })).map(toNumberDto),
    );
  }

  list(tenantId: string): Promise<WhatsappNumberDto[]> {
    return this.db.inTenant(tenantId, async (em) => (await em.find(WhatsappNumber, { order: { createdAt: 'ASC' } })).map(toNumberDto));
  }

  /**
   * New credentials also lift a stop caused by the old ones. This process uses them from the next
   * request (the directory's cache is dropped once they are committed), other processes within the
   * ten seconds their caches keep an entry.
   */
  async update(actor: Actor, id: string, dto: UpdateNumberDto): Promise<WhatsappNumberDto> {
    const updated = await this.db.asPlatform('numbers.update', async (em) => {
      const n = await this.load(em, id);
      const rotated = dto.accessToken !== undefined || dto.appSecret !== undefined || dto.webhookVerifyToken !== undefined;
      await em.update(
        WhatsappNumber,
        { id },
        {
          ...(dto.accessToken !== undefined && { accessTokenEnc: this.box.seal(dto.accessToken, tokenContext(n.phoneNumberId)) }),
          ...(dto.appSecret !== undefined && { appSecretEnc: this.box.seal(dto.appSecret, secretContext(n.phoneNumberId)) }),
          ...(dto.webhookVerifyToken !== undefined && { verifyTokenHash: this.index.of(VERIFY_TOKEN_PURPOSE, dto.webhookVerifyToken) }),
          ...(dto.mps !== undefined && { mps: dto.mps }),
          ...(dto.messagingLimitTier !== undefined && { messagingLimitTier: dto.messagingLimitTier }),
          ...(dto.displayPhoneNumber !== undefined && { displayPhoneNumber: dto.displayPhoneNumber }),
          ...(rotated && { credentialsRotatedAt: new Date(), sendingStatus: 'active' as const, sendingStoppedReason: null }),
        },
      );
      if (rotated && n.sendingStatus === 'stopped') {
        // What the stop held back (five minutes at a time) goes now that the credentials are new; the
        // sweeper restarts the broadcasts' chains, the rate limiter paces them. A batch still running
        // reads the number under a row lock when it records its holds, so either it sees the number
        // active or this sees its rows; what slips through anyway the sweeper releases.
        await em.query(
          `update deliveries set next_attempt_at = now(), held_for_stopped_number = false
            where whatsapp_number_id = $1 and status = 'queued' and next_attempt_at > now()`,
          [id],
        );
      }
      await this.audit.record(em, actor, {
        action: rotated ? 'whatsapp_number.rotate' : 'whatsapp_number.update',
        targetType: 'whatsapp_number',
        targetId: id,
        tenantId: n.tenantId,
        // Which secrets changed, never their values.
        details: {
          rotated: ['accessToken', 'appSecret', 'webhookVerifyToken'].filter((k) => dto[k as keyof UpdateNumberDto] !== undefined),
          mps: dto.mps,
          messagingLimitTier: dto.messagingLimitTier,
        },
      });
      return toNumberDto(await this.load(em, id));
    });
    this.directory.forget();
    return updated;
  }

  private async load(em: EntityManager, id: string): Promise<WhatsappNumber> {
    const n = await em.findOne(WhatsappNumber, { where: { id } });
    if (!n) throw notFound('Il numero WhatsApp');
    return n;
  }
}
