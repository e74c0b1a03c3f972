import type { ComuneDto } from '../src/api/types';
import { comuneValues, contactsBody, createBody, EMPTY_COMUNE, updateBody } from '../src/forms/comune-form';
import { checks, isWebUrl, slugify } from '../src/forms/validators';

describe('admin form checks (the API’s rules, said in Italian before sending)', () => {
  it.each([
    ['slug', 'san-giuliano-milanese', undefined],
    ['slug', 'San Giuliano', 'validation.slug'],
    ['slug', '-cormano', 'validation.slug'],
    ['slug', '', 'validation.required'],
    ['istatCode', '015093', undefined],
    ['istatCode', '15093', 'validation.istatCode'],
    ['istatCode', '01509a', 'validation.istatCode'],
    ['province', 'MI', undefined],
    ['province', 'Mi', 'validation.province'],
    ['province', 'MIL', 'validation.province'],
    ['name', 'X', 'validation.name'],
    ['timezone', 'Europe/Rome', undefined],
    ['timezone', 'Europe/Milano', 'validation.timezone'],
    ['contactEmail', '', undefined],
    ['contactEmail', 'urp@comune.bientina.pi.it', undefined],
    ['contactEmail', 'urp@comune', 'validation.email'],
    ['contactPhone', '0587 758456', undefined],
    ['contactPhone', '+39 02 822 61', undefined],
    ['contactPhone', 'chiamaci', 'validation.phone'],
    ['contactUrl', 'https://www.comune.cormano.mi.it', undefined],
    ['contactUrl', 'www.comune.cormano.mi.it', 'validation.url'],
    ['contactUrl', 'ftp://comune.it', 'validation.url'],
    ['reason', 'no', 'validation.reason'],
    ['reason', 'Contratto scaduto', undefined],
  ] as const)('%s %j → %s', (field, value, expected) => {
    expect(checks[field](value)).toBe(expected);
  });

  // Also what decides whether the message preview makes an address a link.
  it.each([
    ['https://www.comune.bientina.pi.it/avviso.pdf', true],
    ['http://comune.it', true],
    ['javascript:window.__pwned=1', false],
    ['JavaScript:alert(1)//https://x.it', false],
    ['data:text/html,<script>alert(1)</script>', false],
    ['https://localhost', false],
    ['non un indirizzo', false],
  ])('isWebUrl %j → %s', (value, expected) => {
    expect(isWebUrl(value)).toBe(expected);
  });

  it('suggests a slug from a name', () => {
    expect(slugify('San Giuliano Milanese')).toBe('san-giuliano-milanese');
    expect(slugify("Sant'Angelo Lodigiano")).toBe('sant-angelo-lodigiano');
    expect(slugify('Cantù ')).toBe('cantu');
  });
});

describe('comune form ↔ API bodies', () => {
  const comune: ComuneDto = {
    id: 'c1',
    slug: 'bientina',
    name: 'Bientina',
    istatCode: '050001',
    province: 'PI',
    timezone: 'Europe/Rome',
    status: 'active',
    contactEmail: 'urp@comune.bientina.pi.it',
    contactPhone: '0587 758456',
    contactUrl: null,
    contactApp: null,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
  };

  it('creates with trimmed values, upper-case province and no empty contacts', () => {
    const body = createBody({ ...EMPTY_COMUNE, name: ' Cormano ', slug: 'cormano', istatCode: '015093', province: 'mi', contactUrl: 'https://x.it' });
    expect(body).toEqual({
      name: 'Cormano',
      slug: 'cormano',
      istatCode: '015093',
      province: 'MI',
      timezone: 'Europe/Rome',
      status: 'onboarding',
      contactUrl: 'https://x.it',
    });
  });

  it('updates only what changed; an emptied contact is sent as null', () => {
    const values = { ...comuneValues(comune), contactPhone: '', contactApp: 'App Municipium' };
    expect(updateBody(values, comune)).toEqual({ contactPhone: null, contactApp: 'App Municipium' });
  });

  it('never sends the status of a suspended comune', () => {
    const suspended = { ...comune, status: 'suspended' as const };
    expect(updateBody({ ...comuneValues(suspended), name: 'Bientina (PI)' }, suspended)).toEqual({ name: 'Bientina (PI)' });
  });

  it('sends every contact channel, empty ones as null', () => {
    expect(contactsBody({ contactEmail: ' a@b.it ', contactPhone: '', contactUrl: '', contactApp: '' })).toEqual({
      contactEmail: 'a@b.it',
      contactPhone: null,
      contactUrl: null,
      contactApp: null,
    });
  });
});
