import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { TenantDb } from '@bacheca/database';
import { notFound } from '@bacheca/http';
import { PrivacyNoticesService } from './privacy-notices.service';

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The public page a welcome message links to when a comune's notice is a text rather than a link
 * to its own site. Citizens open it from WhatsApp: plain, readable, Italian.
 */
@ApiExcludeController()
@Controller('privacy')
export class PrivacyPageController {
  constructor(
    private readonly db: TenantDb,
    private readonly notices: PrivacyNoticesService,
  ) {}

  @Get(':slug')
  async page(@Param('slug') slug: string, @Res() res: Response): Promise<void> {
    if (!/^[a-z0-9-]{1,60}$/.test(slug)) throw notFound('L’informativa');
    const comune = await this.db.asPlatform('privacy.page', async (em) => (await em.query('select id, name from comuni where slug = $1', [slug]))[0]);
    if (!comune) throw notFound('L’informativa');
    const notice = await this.db.inTenant(comune.id, (em) => this.notices.inForce(em, new Date()));
    if (!notice) throw notFound('L’informativa');
    if (notice.url && !notice.body) return res.redirect(notice.url);
    const paragraphs = (notice.body ?? '').split(/\n{2,}/).map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`).join('\n');
    // The empty icon: without it the browser asks for /favicon.ico, which is no page of ours (a 404 in its console).
    res.type('html').send(`<!doctype html>
<html lang="it"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(notice.title)} – Comune di ${escapeHtml(comune.name)}</title>
<link rel="icon" href="data:,">
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.6;color:#1a1a1a}h1{font-size:1.5rem}small{color:#555}</style>
</head><body><main><h1>${escapeHtml(notice.title)}</h1><small>Comune di ${escapeHtml(comune.name)} · versione ${notice.version}, in vigore dal ${notice.effectiveFrom.toLocaleDateString('it-IT')}</small>
${paragraphs}${notice.url ? `<p><a href="${escapeHtml(notice.url)}">Testo completo sul sito del Comune</a></p>` : ''}</main></body></html>`);
  }
}
