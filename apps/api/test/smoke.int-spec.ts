import { ApiHarness, makeComune, makeStaff, startApi } from './harness';

describe('api smoke', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await startApi();
  });
  afterAll(() => h.close());

  it('logs in and reads its comune', async () => {
    const comune = await makeComune(h);
    const admin = await makeStaff(h, comune.id, 'admin');
    const res = await h.http().get('/api/v1/comune').set('Authorization', `Bearer ${admin.token}`).expect(200);
    expect(res.body.id).toBe(comune.id);
  });
});
