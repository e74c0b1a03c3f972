import { RequestMethod } from '@nestjs/common';
import { HTTP_CODE_METADATA, METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openApiDocument } from '../src/create-api-app';
import { ApiHarness, startApi } from './harness';

const COMMITTED = join(__dirname, '../../admin/src/api/openapi.json');

/**
 * The admin app's typed client is generated from a committed copy of the OpenAPI document.
 * This fails when the API changed and the copy did not; `UPDATE_OPENAPI=1 npx jest … openapi-document`
 * rewrites it (then run `npm run admin:client`).
 */
describe('the committed OpenAPI document', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await startApi();
  });
  afterAll(() => h.close());

  it("documents, for every route, the one success status its handler really answers", () => {
    const doc = openApiDocument(h.app);
    const checked: string[] = [];
    const wrong: string[] = [];
    for (const module of h.app.get(ModulesContainer).values()) {
      for (const { metatype } of module.controllers.values()) {
        const proto = (metatype as { prototype: Record<string, object> }).prototype;
        const base = String(Reflect.getMetadata(PATH_METADATA, metatype as object) ?? '');
        for (const name of Object.getOwnPropertyNames(proto).filter((n) => n !== 'constructor')) {
          const handler = proto[name];
          const path = Reflect.getMetadata(PATH_METADATA, handler);
          if (path === undefined) continue;
          const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number].toLowerCase();
          const status = Reflect.getMetadata(HTTP_CODE_METADATA, handler) ?? (method === 'post' ? 201 : 200);
          const route = `/${base}/${path}`.replace(/\/+/g, '/').replace(/(.)\/$/, '$1').replace(/:(\w+)/g, '{$1}');
          const op = doc.paths[route]?.[method as 'get'];
          if (!op) continue; // left out of the document on purpose (webhooks, the privacy page)
          checked.push(`${method} ${route}`);
          const documented = Object.keys(op.responses ?? {}).filter((code) => code.startsWith('2'));
          if (documented.join() !== String(status)) wrong.push(`${method.toUpperCase()} ${route}: answers ${status}, documents [${documented}]`);
        }
      }
    }
    expect(checked.length).toBeGreaterThan(60);
    expect(wrong).toEqual([]);
  });

  it('matches the API', () => {
    const current = `${JSON.stringify(openApiDocument(h.app), null, 2)}\n`;
    if (process.env.UPDATE_OPENAPI) writeFileSync(COMMITTED, current);
    expect(readFileSync(COMMITTED, 'utf8')).toBe(current);
  });
});
