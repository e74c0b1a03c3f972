import { decoyHash, hashPassword, verifyPassword } from './password';

/** The PHC header of an argon2 hash: algorithm, version and cost (memory, passes, lanes). */
const costOf = (phc: string) => phc.split('$').slice(1, 4).join('$');

describe('passwords', () => {
  it('are hashed with argon2id at the OWASP baseline cost, salted', async () => {
    const [one, two] = await Promise.all([hashPassword('una password'), hashPassword('una password')]);
    expect(costOf(one)).toBe('argon2id$v=19$m=19456,t=2,p=1');
    expect(one).not.toBe(two);
  });

  it('verify: the right one, not a wrong one, not a malformed stored hash', async () => {
    const stored = await hashPassword('una password');
    expect(await verifyPassword(stored, 'una password')).toBe(true);
    expect(await verifyPassword(stored, 'Una password')).toBe(false);
    expect(await verifyPassword('not-a-hash', 'una password')).toBe(false);
  });

  it('an unknown account is checked against a decoy of the same cost as a real hash, and never matches', async () => {
    // Same algorithm and cost, so the unknown account spends what a wrong password spends.
    expect(costOf(await decoyHash())).toBe(costOf(await hashPassword('x')));
    expect(await decoyHash()).toBe(await decoyHash());
    expect(await verifyPassword(undefined, '')).toBe(false);
    expect(await verifyPassword(undefined, 'una password')).toBe(false);
  });
});
