import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { TenantDb } from '@bacheca/database';
import { notFound } from '@bacheca/http';
import { ERROR_CODES } from '@bacheca/whatsapp';
import type { ComuneHealthDto, NumberHealthDto } from './comune-health.dto';
import { healthVerdict } from './verdict';

const THROTTLING_CODES = [...ERROR_CODES].filter(([, info]) => info.kind === 'throttled').map(([code]) => code);

type Counts = Record<string, Record<string, number | string | null>>;

const byTenant = (rows: ({ tenant_id: string } & Record<string, number | string | null>)[]): Counts =>
  Object.fromEntries(rows.map(({ tenant_id, ...rest }) => [tenant_id, rest]));

const iso = (v: unknown): string | null => (v ? new Date(v as string).toISOString() : null);

/**
 * The provider's view of every comune's service: is a number connected and sending, are templates
 * approved, did Meta throttle or refuse sends today. A handful of grouped queries, whatever the number
 * of comuni; the last day of sends is found through a BRIN index on queued_at.
 */
@Injectable()
export class ComuneHealthService {
  constructor(private readonly db: TenantDb) {}

  list(): Promise<ComuneHealthDto[]> {
    return this.db.asPlatform('comuni.health', (em) => this.gather(em));
  }

  async get(comuneId: string): Promise<ComuneHealthDto> {
    const [one] = await this.db.asPlatform('comuni.health', (em) => this.gather(em, comuneId));
    if (!one) throw notFound('Il comune');
    return one;
  }

  private async gather(em: EntityManager, comuneId?: string): Promise<ComuneHealthDto[]> {
    // `$1::uuid is null or …`: one statement for the whole list and for a single comune.
    const only = [comuneId ?? null];
    const comuni: { id: string; name: string; slug: string; status: ComuneHealthDto['status'] }[] = await em.query(
      `select id, name, slug, status from comuni where $1::uuid is null or id = $1 order by name`,
      only,
    );
    const numbers: ({ tenant_id: string } & NumberHealthDto)[] = await em.query(
      `select tenant_id, id, display_phone_number as "displayPhoneNumber", sending_status as "sendingStatus",
              sending_stopped_reason as "sendingStoppedReason", mps, messaging_limit_tier as "messagingLimitTier"
         from whatsapp_numbers where $1::uuid is null or tenant_id = $1 order by created_at`,
      only,
    );
    const subscribers = byTenant(
      await em.query(`select tenant_id, count(*)::int as n from subscribers where status = 'active' and ($1::uuid is null or tenant_id = $1) group by tenant_id`, only),
    );
    const templates = byTenant(
      await em.query(
        `select tenant_id, count(*) filter (where status = 'APPROVED')::int as approved, count(*) filter (where status = 'REJECTED')::int as rejected
           from whatsapp_templates where $1::uuid is null or tenant_id = $1 group by tenant_id`,
        only,
      ),
    );
    const sends = byTenant(
      await em.query(
        `select tenant_id, count(sent_at)::int as sent, count(*) filter (where status = 'failed')::int as failed,
                count(*) filter (where error_code = any($2::int[]))::int as throttled, max(sent_at) as last_sent
           from deliveries
          where queued_at > now() - interval '24 hours' and ($1::uuid is null or tenant_id = $1)
          group by tenant_id`,
        [comuneId ?? null, THROTTLING_CODES],
      ),
    );
    const broadcasts = byTenant(
      await em.query(
        `select tenant_id, max(started_at) as last from broadcasts where started_at is not null and ($1::uuid is null or tenant_id = $1) group by tenant_id`,
        only,
      ),
    );
    const numbersOf = new Map<string, NumberHealthDto[]>();
    for (const { tenant_id, ...n } of numbers) numbersOf.set(tenant_id, [...(numbersOf.get(tenant_id) ?? []), n]);

    return comuni.map((c) => {
      const s = sends[c.id] ?? {};
      const facts = {
        comuneStatus: c.status,
        numbers: numbersOf.get(c.id) ?? [],
        templatesApproved: Number(templates[c.id]?.approved ?? 0),
        templatesRejected: Number(templates[c.id]?.rejected ?? 0),
        sent24h: Number(s.sent ?? 0),
        failed24h: Number(s.failed ?? 0),
        throttled24h: Number(s.throttled ?? 0),
      };
      return {
        comuneId: c.id,
        name: c.name,
        slug: c.slug,
        status: c.status,
        ...healthVerdict(facts),
        subscribers: Number(subscribers[c.id]?.n ?? 0),
        ...facts,
        lastSentAt: iso(s.last_sent),
        lastBroadcastAt: iso(broadcasts[c.id]?.last),
      };
    });
  }
}
