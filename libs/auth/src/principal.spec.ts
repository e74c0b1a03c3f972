import { accessTokenClaims } from './principal';

const valid = {
  sub: '3f1c2a6e-8b1d-4c3e-9f0a-1b2c3d4e5f60',
  tid: '7a9b8c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
  role: 'editor',
  sid: 'c0ffee00-1234-4abc-8def-0123456789ab',
};

describe('accessTokenClaims', () => {
  it('keeps the claims of a token in the current shape, for town and provider staff', () => {
    expect(accessTokenClaims({ ...valid, iat: 1, exp: 2 })).toEqual(valid);
    expect(accessTokenClaims({ ...valid, tid: null, role: 'platform_admin' })).toEqual({ ...valid, tid: null, role: 'platform_admin' });
  });

  it.each([
    ['no sid (a token from before sessions)', { sid: undefined }],
    ['a sid that is not a uuid', { sid: 'session-1' }],
    ['a sid of uuid length made of dashes', { sid: '-'.repeat(36) }],
    ['a sid that is a number', { sid: 42 }],
    ['a sub that is not a uuid', { sub: 'admin' }],
    ['an unknown role', { role: 'god' }],
    ['a role that is not a string', { role: ['admin'] }],
    ['a tid that is not a uuid', { tid: 'comune' }],
    ['no tid at all (null is the provider, absent is malformed)', { tid: undefined }],
  ])('refuses %s', (_, change) => {
    expect(accessTokenClaims({ ...valid, ...change })).toBeUndefined();
  });
});
