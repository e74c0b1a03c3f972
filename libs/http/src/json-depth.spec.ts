import { jsonDepthExceeds } from './json-depth';

describe('jsonDepthExceeds', () => {
  const nested = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;

  it('allows up to the limit and refuses one more, for arrays and objects', () => {
    expect(jsonDepthExceeds(nested(64), 64)).toBe(false);
    expect(jsonDepthExceeds(nested(65), 64)).toBe(true);
    expect(jsonDepthExceeds(`${'{"a":'.repeat(3)}1${'}'.repeat(3)}`, 3)).toBe(false);
    expect(jsonDepthExceeds(`${'{"a":'.repeat(4)}1${'}'.repeat(4)}`, 3)).toBe(true);
  });

  it('does not count brackets inside strings, escaped quotes included', () => {
    expect(jsonDepthExceeds(`{"t":"${'['.repeat(500)}"}`, 2)).toBe(false);
    expect(jsonDepthExceeds(`{"t":"\\"${'{'.repeat(500)}\\\\"}`, 2)).toBe(false);
    expect(jsonDepthExceeds(`{"t":"\\\\",${'"k":['.repeat(3)}1]]]}`, 3)).toBe(true);
  });

  it('reads multi-byte UTF-8 as bytes safely', () => {
    expect(jsonDepthExceeds(Buffer.from('{"città":["perché ☕ 𝕏"]}'), 2)).toBe(false);
    expect(jsonDepthExceeds(Buffer.from('{"città":[["perché"]]}'), 2)).toBe(true);
  });

  it('a deep body is found in linear time (a megabyte of brackets)', () => {
    expect(jsonDepthExceeds(nested(500_000))).toBe(true);
    expect(jsonDepthExceeds('')).toBe(false);
  });
});
