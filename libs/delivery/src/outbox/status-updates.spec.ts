import { foldStatuses, StatusFact } from './status-updates';

const t = (s: number) => new Date(Date.UTC(2026, 11, 4, 8, 0, s));
const fact = (metaMessageId: string, status: string, at: Date, extra: Partial<StatusFact> = {}): StatusFact => ({ metaMessageId, status, at, ...extra });

describe('foldStatuses', () => {
  it('gives one update per message, the highest status winning whatever the arrival order', () => {
    const [u, ...rest] = foldStatuses([fact('w1', 'read', t(9)), fact('w1', 'sent', t(1)), fact('w1', 'delivered', t(4))]);
    expect(rest).toEqual([]);
    expect(u).toMatchObject({ metaMessageId: 'w1', status: 'read', rank: 4, sentAt: t(1), deliveredAt: t(4), readAt: t(9) });
  });

  it('keeps messages apart', () => {
    const updates = foldStatuses([fact('w1', 'sent', t(1)), fact('w2', 'delivered', t(2)), fact('w1', 'delivered', t(3))]);
    expect(updates.map((u) => [u.metaMessageId, u.status])).toEqual([
      ['w1', 'delivered'],
      ['w2', 'delivered'],
    ]);
  });

  it('takes a `read` alone as delivered then (Meta may skip `delivered`)', () => {
    const [u] = foldStatuses([fact('w1', 'read', t(5))]);
    expect(u).toMatchObject({ status: 'read', sentAt: t(5), deliveredAt: t(5), readAt: t(5) });
  });

  it('keeps the earliest of duplicated reports', () => {
    const [u] = foldStatuses([fact('w1', 'delivered', t(7)), fact('w1', 'delivered', t(3))]);
    expect(u.deliveredAt).toEqual(t(3));
  });

  it("carries a failure's code and reason, and our delivery id from whichever report has it", () => {
    const [u] = foldStatuses([
      fact('w1', 'sent', t(1), { deliveryId: '42' }),
      fact('w1', 'failed', t(2), { errorCode: 131026, errorReason: 'Messaggio non recapitabile.' }),
    ]);
    expect(u).toMatchObject({ status: 'failed', rank: 5, deliveryId: '42', failedAt: t(2), errorCode: 131026, errorReason: 'Messaggio non recapitabile.' });
  });

  it('leaves a failure out of a message that was only sent, delivered or read', () => {
    const [u] = foldStatuses([fact('w1', 'delivered', t(2))]);
    expect(u).toMatchObject({ failedAt: null, errorCode: null, errorReason: null });
  });

  it('ignores statuses it does not know and ones that would move a message back to the queue', () => {
    expect(foldStatuses([fact('w1', 'deleted', t(1)), fact('w1', 'queued', t(1)), fact('w2', 'sending', t(1))])).toEqual([]);
  });
});
