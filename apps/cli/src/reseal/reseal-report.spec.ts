import { censusLines, parseResealArgs, remainingOf, tallyHeaders } from './reseal-report';

const keyed = (id: string) => Buffer.concat([Buffer.from([2]), Buffer.from(id, 'hex')]);
const keys = { currentKeyId: 'bbbbbbbb', knownKeyIds: ['bbbbbbbb', 'aaaaaaaa'] };

describe('tallyHeaders', () => {
  it('sorts values by key: current, previous, format 1, unknown key, damaged', () => {
    const c = tallyHeaders(
      'subscribers.phone_enc',
      [
        { header: keyed('bbbbbbbb'), n: 7 },
        { header: keyed('aaaaaaaa'), n: 3 },
        { header: Buffer.from([1]), n: 5 },
        { header: keyed('cccccccc'), n: 2 },
        { header: Buffer.from([9]), n: 1 },
      ],
      keys,
    );
    expect(c).toEqual({
      column: 'subscribers.phone_enc',
      total: 18,
      current: 7,
      previous: { aaaaaaaa: 3 },
      legacy: 5,
      unknownKey: { cccccccc: 2 },
      malformed: 1,
    });
    expect(remainingOf(c)).toBe(11);
  });

  it('counts nothing left when every value is under the current key, or there are none', () => {
    expect(remainingOf(tallyHeaders('x', [{ header: keyed('bbbbbbbb'), n: 4 }], keys))).toBe(0);
    expect(tallyHeaders('x', [], keys)).toMatchObject({ total: 0, current: 0 });
  });

  it('takes a format 2 header of a key no longer configured for an unknown key, not a previous one', () => {
    expect(tallyHeaders('x', [{ header: keyed('aaaaaaaa'), n: 1 }], { currentKeyId: 'bbbbbbbb', knownKeyIds: ['bbbbbbbb'] }).unknownKey).toEqual({ aaaaaaaa: 1 });
  });
});

describe('censusLines', () => {
  it('names what is left under which key, and flags what cannot be read', () => {
    const [line] = censusLines([tallyHeaders('deliveries.recipient_enc', [{ header: keyed('aaaaaaaa'), n: 3 }, { header: Buffer.from([1]), n: 2 }, { header: keyed('cccccccc'), n: 1 }], keys)]);
    expect(line).toMatch(/deliveries\.recipient_enc\s+6 sealed,\s+6 to reseal: 2 in format 1 \(no key id\); 3 under aaaaaaaa; UNREADABLE: 1 under cccccccc/);
  });
});

describe('parseResealArgs', () => {
  it('defaults to a run in chunks of 500', () => {
    expect(parseResealArgs([])).toEqual({ check: false, batchSize: 500 });
  });

  it.each([
    [['--check'], { check: true, batchSize: 500 }],
    [['--dry-run'], { check: true, batchSize: 500 }],
    [['--batch-size', '100'], { check: false, batchSize: 100 }],
    [['--batch-size=2000', '--check'], { check: true, batchSize: 2000 }],
  ])('reads %j', (argv, expected) => {
    expect(parseResealArgs(argv)).toEqual(expected);
  });

  it.each([
    [['--force'], /unknown argument "--force"/],
    [['--batch-size'], /--batch-size must be a whole number/],
    [['--batch-size', '0'], /from 1 to 5000/],
    [['--batch-size=10000'], /from 1 to 5000/],
    [['--batch-size', '1e3'], /from 1 to 5000/],
  ])('refuses %j with the usage', (argv, message) => {
    expect(() => parseResealArgs(argv)).toThrow(message);
    expect(() => parseResealArgs(argv)).toThrow(/usage: cli crypto:reseal/);
  });
});
