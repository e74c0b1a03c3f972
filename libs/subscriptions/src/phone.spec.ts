import { maskPhone, toE164 } from './phone';

describe('phone numbers', () => {
  it.each([
    ['333 123 4567', '+393331234567'],
    ['+39 333 123 4567', '+393331234567'],
    ['0039 333-123-4567', '+393331234567'],
    ['02 8226 1111', '+390282261111'],
    ['+41 79 123 45 67', '+41791234567'],
  ])('normalises %s to %s', (input, e164) => expect(toE164(input)).toBe(e164));

  it.each(['', 'ciao', '123', '+39 1'])('refuses %j', (input) => expect(toE164(input)).toBeUndefined());

  it('masks the middle digits', () => {
    expect(maskPhone('+393331234567')).toBe('+39333••••567');
  });
});
