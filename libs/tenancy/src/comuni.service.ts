import { Injectable } from '@nestjs/common';
import { EntityManager, QueryFailedError } from 'typeorm';
import { Actor, AuditService } from '@bacheca/audit';
import { TenantDb } from '@bacheca/database';
import { AppError, conflict, definedOnly, notFound } from '@bacheca/http';
import { HttpStatus } from '@nestjs/common';
import { ComuneDto, CreateComuneDto, UpdateComuneDto, UpdateOwnComuneDto } from './comune.dto';
import { Comune } from './comune.entity';

export function toComuneDto(c: Comune): ComuneDto {
  const { statusBeforeSuspension: _, ...dto } = c;
  return dto;
}

function uniqueViolation(err: unknown): AppError | undefined {
  if (!(err instanceof QueryFailedError) || (err.driverError as { code?: string }).code !== '23505') return undefined;
  const constraint = String((err.driverError as { constraint?: string }).constraint ?? '');
  if (constraint.includes('istat_code')) return conflict('ISTAT_CODE_TAKEN', 'Esiste già un comune con questo codice ISTAT.');
  return conflict('SLUG_TAKEN', 'Esiste già un comune con questo identificativo.');
}

const notFoundComune = () => notFound('Il comune');

/** Onboarding and life cycle of comuni (provider staff), and a town's view of itself. */
@Injectable()
export class ComuniService {
  constructor(
    private readonly db: TenantDb,
    private readonly audit: AuditService,
  ) {}

  list(): Promise<ComuneDto[]> {
    return this.db.asPlatform('comuni.list', async (em) => (await em.find(Comune, { order: { name: 'ASC' } })).map(toComuneDto));
  }

  get(id: string): Promise<ComuneDto> {
    return this.db.asPlatform('comuni.get', async (em) => toComuneDto(await this.load(em, id)));
  }

  async create(actor: Actor, dto: CreateComuneDto): Promise<ComuneDto> {
    try {
      return await this.db.asPlatform('comuni.create', async (em) => {
        const saved = await em.save(em.create(Comune, { timezone: 'Europe/Rome', status: 'onboarding', ...dto }));
        await this.audit.record(em, actor, {
          action: 'comune.create',
          targetType: 'comune',
          targetId: saved.id,
          tenantId: saved.id,
          details: { ...dto },
        });
        return toComuneDto(await this.load(em, saved.id));
      });
    } catch (err) {
      throw uniqueViolation(err) ?? err;
    }
  }

  async update(actor: Actor, id: string, dto: UpdateComuneDto): Promise<ComuneDto> {
    try {
      return await this.db.asPlatform('comuni.update', async (em) => {
        const current = await this.load(em, id);
        if (dto.status && current.status === 'suspended') {
          throw new AppError(HttpStatus.CONFLICT, 'COMUNE_SUSPENDED', 'Il comune è sospeso: riattivalo prima di cambiarne lo stato.');
        }
        await em.update(Comune, { id }, definedOnly(dto));
        await this.audit.record(em, actor, { action: 'comune.update', targetType: 'comune', targetId: id, tenantId: id, details: { ...dto } });
        return toComuneDto(await this.load(em, id));
      });
    } catch (err) {
      throw uniqueViolation(err) ?? err;
    }
  }

  suspend(actor: Actor, id: string, reason: string): Promise<ComuneDto> {
    return this.db.asPlatform('comuni.suspend', async (em) => {
      const current = await this.load(em, id);
      if (current.status === 'suspended') throw conflict('ALREADY_SUSPENDED', 'Il comune è già sospeso.');
      await em.update(Comune, { id }, { status: 'suspended', statusBeforeSuspension: current.status });
      await this.audit.record(em, actor, { action: 'comune.suspend', targetType: 'comune', targetId: id, tenantId: id, details: { reason } });
      return toComuneDto(await this.load(em, id));
    });
  }

  /** Back to where it was before the suspension (a comune in pre-launch stays in pre-launch). */
  reactivate(actor: Actor, id: string): Promise<ComuneDto> {
    return this.db.asPlatform('comuni.reactivate', async (em) => {
      const current = await this.load(em, id);
      if (current.status !== 'suspended') throw conflict('NOT_SUSPENDED', 'Il comune non è sospeso.');
      const status = current.statusBeforeSuspension ?? 'active';
      await em.update(Comune, { id }, { status, statusBeforeSuspension: null });
      await this.audit.record(em, actor, { action: 'comune.reactivate', targetType: 'comune', targetId: id, tenantId: id, details: { status } });
      return toComuneDto(await this.load(em, id));
    });
  }

  own(tenantId: string): Promise<ComuneDto> {
    return this.db.inTenant(tenantId, async (em) => toComuneDto(await this.load(em, tenantId)));
  }

  updateOwn(actor: Actor, tenantId: string, dto: UpdateOwnComuneDto): Promise<ComuneDto> {
    return this.db.inTenant(tenantId, async (em) => {
      await em.update(Comune, { id: tenantId }, definedOnly(dto));
      await this.audit.record(em, actor, { action: 'comune.contacts.update', targetType: 'comune', targetId: tenantId, details: { ...dto } });
      return toComuneDto(await this.load(em, tenantId));
    });
  }

  private async load(em: EntityManager, id: string): Promise<Comune> {
    const comune = await em.findOne(Comune, { where: { id } });
    if (!comune) throw notFoundComune();
    return comune;
  }
}
