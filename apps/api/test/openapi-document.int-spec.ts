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

  it('matches the API', () => {
    const current = `${JSON.stringify(openApiDocument(h.app), null, 2)}\n`;
    if (process.env.UPDATE_OPENAPI) writeFileSync(COMMITTED, current);
    expect(readFileSync(COMMITTED, 'utf8')).toBe(current);
  });
});
