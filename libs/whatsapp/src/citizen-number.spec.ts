import { citizenNumberFromWaId } from './citizen-number';

describe('citizenNumberFromWaId', () => {
  it.each([
    ['393331234567', '+393331234567', 'an Italian mobile'],
    ['39021234567', '+39021234567', 'an Italian landline keeps its leading 0'],
    ['442071234567', '+442071234567', 'a UK number'],
    ['4402071234567', '+442071234567', 'a UK number with its trunk 0, as staff would type it'],
    ['5215512345678', '+5215512345678', 'a form the library does not recognise, kept as Meta wrote it'],
    ['391234', '+391234', 'a number too short to be valid, kept as Meta wrote it'],
  ])('%s → %s (%s)', (digits, e164) => {
    expect(citizenNumberFromWaId(digits)).toBe(e164);
  });
});
