import { ApiError, toApiError, unwrap } from '../src/api/errors';
import { it as catalogue } from '../src/i18n/it';
import { t, tMaybe, tp } from '../src/i18n';

describe('admin i18n catalogue', () => {
  it('fills parameters', () => {
    expect(t('app.comuneOf', { name: 'Saronno' })).toBe('Comune di Saronno');
  });

  it('chooses the Italian plural form', () => {
    expect(tp('provider.comuni.count', 1)).toBe('1 comune');
    expect(tp('provider.comuni.count', 0)).toBe('0 comuni');
    expect(tp('provider.comuni.count', 12000)).toBe('12.000 comuni');
  });

  it('looks up keys built at run time, or says it has none', () => {
    expect(tMaybe('status.pre_launch')).toBe('Pre-lancio');
    expect(tMaybe('status.unknown')).toBeUndefined();
  });

  it('has a text for every role and comune status the API knows', () => {
    for (const role of ['platform_admin', 'admin', 'editor', 'sender', 'viewer']) expect(tMaybe(`role.${role}`)).toBeTruthy();
    for (const status of ['onboarding', 'pre_launch', 'active', 'suspended']) {
      expect(tMaybe(`status.${status}`)).toBeTruthy();
      expect(tMaybe(`status.help.${status}`)).toBeTruthy();
    }
  });

  it('has no empty text', () => {
    expect(Object.entries(catalogue).filter(([, text]) => !text.trim())).toEqual([]);
  });
});

describe('admin API errors', () => {
  const response = (status: number) => ({ ok: status < 400, status }) as Response;

  it('keeps the API’s code, Italian message and field problems', async () => {
    const body = {
      statusCode: 400,
      code: 'VALIDATION_FAILED',
      message: 'Alcuni campi non sono validi.',
      details: [{ field: 'istatCode', problems: ['istatCode: 6 cifre'] }],
    };
    const err = await unwrap(Promise.resolve({ error: body, response: response(400) })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', message: 'Alcuni campi non sono validi.' });
    expect((err as ApiError).fieldProblems).toEqual([{ field: 'istatCode', problems: ['istatCode: 6 cifre'] }]);
  });

  it('passes data through on success', async () => {
    await expect(unwrap(Promise.resolve({ data: { id: 'x' }, response: response(200) }))).resolves.toEqual({ id: 'x' });
  });

  it('says in Italian when the server cannot be reached', () => {
    expect(toApiError(new TypeError('Failed to fetch'))).toMatchObject({ status: 0, code: 'NETWORK', message: expect.stringContaining('Impossibile contattare il server') });
  });
});
