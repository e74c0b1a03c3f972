import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { Actor } from '@bacheca/audit';
import { StaffService } from '@bacheca/staff';
import { ComuneDto, ComuniService, CreateComuneDto } from '@bacheca/tenancy';
import { createApiApp } from '../src/create-api-app';
import { createTestEnvironment, TestEnvironment } from '@bacheca/testing';

export const PASSWORD = 'correct horse battery staple';
const SYSTEM: Actor = { userId: null, role: 'system', tenantId: null };

export interface ApiHarness {
  env: TestEnvironment;
  app: INestApplication;
  http: () => ReturnType<typeof request>;
  close(): Promise<void>;
}

export async function startApi(overrides: Record<string, string> = {}): Promise<ApiHarness> {
  const env = await createTestEnvironment(overrides);
  const app = await createApiApp(env.settings);
  return {
    env,
    app,
    http: () => request(app.getHttpServer()),
    async close() {
      await app.close();
      await env.cleanup();
    },
  };
}

let seq = 0;
/** A comune with a unique slug and ISTAT code, created as the provider would. */
export function makeComune(h: ApiHarness, overrides: Partial<CreateComuneDto> = {}): Promise<ComuneDto> {
  seq += 1;
  const n = `${process.pid % 1000}${String(seq).padStart(3, '0')}`.slice(-6).padStart(6, '0');
  return h.app.get(ComuniService).create(SYSTEM, {
    slug: `comune-${n}`,
    name: `Comune di prova ${n}`,
    istatCode: n,
    province: 'MI',
    status: 'active',
    ...overrides,
  });
}

/** A staff account in a comune (or a provider account when tenantId is null), and its access token. */
export async function makeStaff(
  h: ApiHarness,
  tenantId: string | null,
  role: 'platform_admin' | 'admin' | 'editor' | 'sender' | 'viewer',
): Promise<{ id: string; email: string; token: string; refreshToken: string }> {
  seq += 1;
  const email = `${role}.${seq}.${Date.now()}@example.org`;
  const staff = h.app.get(StaffService);
  const created =
    tenantId === null
      ? await staff.createPlatformAdmin(SYSTEM, { email, fullName: 'Operatore', password: PASSWORD })
      : role === 'admin'
        ? await staff.createFirstAdmin(SYSTEM, tenantId, { email, fullName: 'Admin', password: PASSWORD })
        : await staff.create({ ...SYSTEM, tenantId }, tenantId, { email, fullName: 'Utente', role: role as 'viewer', password: PASSWORD });
  const res = await h.http().post('/api/v1/auth/login').send({ email, password: PASSWORD }).expect(200);
  return { id: created.id, email, token: res.body.accessToken, refreshToken: res.body.refreshToken };
}
