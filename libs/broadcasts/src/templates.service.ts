import { HttpStatus, Injectable } from '@nestjs/common';
import { EntityManager, QueryFailedError } from 'typeorm';
import { Actor, AuditService } from '@bacheca/audit';
import { TenantDb } from '@bacheca/database';
import { AppError, conflict, notFound } from '@bacheca/http';
import { RegisterTemplateDto, TemplateDto } from './broadcasts.dto';
import { WhatsappTemplate } from './whatsapp-template.entity';

const toDto = (t: WhatsappTemplate): TemplateDto => ({
  id: t.id,
  whatsappNumberId: t.whatsappNumberId,
  name: t.name,
  language: t.language,
  category: t.category,
  body: t.body,
  paramCount: t.paramCount,
  unsubscribeButton: t.unsubscribeButton,
  status: t.status,
  statusReason: t.statusReason ?? null,
});

/** Positional parameters {{1}}…{{n}}, each once and none skipped, as Meta requires. */
export function templateParamCount(body: string): number | string {
  const found = [...body.matchAll(/\{\{\s*(\d+)\s*\}\}/g)].map((m) => Number(m[1]));
  if (!found.length) return 'Il testo del modello deve contenere almeno un parametro {{1}}.';
  const sorted = [...found].sort((a, b) => a - b);
  if (sorted.some((n, i) => n !== i + 1)) return 'I parametri devono essere {{1}}, {{2}}, … senza salti né ripetizioni.';
  if (sorted.length > 10) return 'Al massimo 10 parametri.';
  return sorted.length;
}

/** The comune's WhatsApp templates per number, with their approval status at Meta. */
@Injectable()
export class TemplatesService {
  constructor(
    private readonly db: TenantDb,
    private readonly audit: AuditService,
  ) {}

  list(tenantId: string): Promise<TemplateDto[]> {
    return this.db.inTenant(tenantId, async (em) => (await em.find(WhatsappTemplate, { order: { createdAt: 'ASC' } })).map(toDto));
  }

  register(actor: Actor, tenantId: string, dto: RegisterTemplateDto): Promise<TemplateDto> {
    const count = templateParamCount(dto.body);
    if (typeof count === 'string') throw new AppError(HttpStatus.BAD_REQUEST, 'INVALID_TEMPLATE', count);
    if (!dto.unsubscribeButton) {
      throw new AppError(HttpStatus.BAD_REQUEST, 'INVALID_TEMPLATE', 'Ogni modello di bollettino deve avere il pulsante di risposta rapida «Disattiva».');
    }
    return this.db.inTenant(tenantId, async (em) => {
      const own = await em.query('select 1 from whatsapp_numbers where id = $1', [dto.whatsappNumberId]);
      if (!own.length) throw notFound('Il numero WhatsApp');
      try {
        const saved = await em.transaction((inner) =>
          inner.save(inner.create(WhatsappTemplate, { tenantId, ...dto, language: dto.language ?? 'it', paramCount: count, status: dto.status ?? 'PENDING' })),
        );
        await this.audit.record(em, actor, { action: 'template.register', targetType: 'whatsapp_template', targetId: saved.id, details: { name: dto.name } });
        return toDto(saved);
      } catch (err) {
        if (err instanceof QueryFailedError && (err.driverError as { code?: string }).code === '23505') {
          throw conflict('TEMPLATE_EXISTS', 'Esiste già un modello con questo nome e lingua per il numero.');
        }
        throw err;
      }
    });
  }

  setStatus(actor: Actor, tenantId: string, id: string, status: WhatsappTemplate['status']): Promise<TemplateDto> {
    return this.db.inTenant(tenantId, async (em) => {
      const t = await em.findOne(WhatsappTemplate, { where: { id } });
      if (!t) throw notFound('Il modello');
      await em.update(WhatsappTemplate, { id }, { status });
      await this.audit.record(em, actor, { action: 'template.status', targetType: 'whatsapp_template', targetId: id, details: { status } });
      return toDto({ ...t, status });
    });
  }

  /** The template bulletins go out with: approved, with the Disattiva button; utility preferred (free inside a window, not capped per user). */
  async usable(em: EntityManager, whatsappNumberId: string): Promise<WhatsappTemplate | undefined> {
    const rows = await em
      .getRepository(WhatsappTemplate)
      .createQueryBuilder('t')
      .where('t.whatsappNumberId = :whatsappNumberId and t.status = :s and t.unsubscribeButton = true', { whatsappNumberId, s: 'APPROVED' })
      .orderBy(`case when t.category = 'UTILITY' then 0 else 1 end`)
      .addOrderBy('t.createdAt', 'ASC')
      .limit(1)
      .getMany();
    return rows[0];
  }
}
