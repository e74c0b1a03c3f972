import { cookieOf } from './queue-dashboard';

describe('cookieOf', () => {
  it('finds one cookie among others, trimmed and decoded', () => {
    expect(cookieOf('a=1; bacheca_ops=abc.def; b=2', 'bacheca_ops')).toBe('abc.def');
    expect(cookieOf('bacheca_ops=x%3Dy', 'bacheca_ops')).toBe('x=y');
    expect(cookieOf(' bacheca_ops = v ', 'bacheca_ops')).toBe('v');
  });

  it('is undefined when absent, and does not match a cookie whose name only contains it', () => {
    expect(cookieOf(undefined, 'bacheca_ops')).toBeUndefined();
    expect(cookieOf('', 'bacheca_ops')).toBeUndefined();
    expect(cookieOf('xbacheca_ops=1; bacheca_ops_old=2', 'bacheca_ops')).toBeUndefined();
    expect(cookieOf('=bacheca_ops', 'bacheca_ops')).toBeUndefined();
    expect(cookieOf('bacheca_ops=%E0%A4%A', 'bacheca_ops')).toBeUndefined();
  });
});
