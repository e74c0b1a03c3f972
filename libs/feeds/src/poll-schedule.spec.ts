import { MAX_BACKOFF_S, nextPollDelayS } from './poll-schedule';

describe('nextPollDelayS', () => {
  it('after a success: the feed interval', () => expect(nextPollDelayS(900, 0)).toBe(900));
  it('doubles per consecutive failure', () => {
    expect([1, 2, 3].map((f) => nextPollDelayS(300, f))).toEqual([600, 1200, 2400]);
  });
  it('is capped, also after very many failures', () => {
    expect(nextPollDelayS(300, 10)).toBe(MAX_BACKOFF_S);
    expect(nextPollDelayS(300, 10_000)).toBe(MAX_BACKOFF_S);
  });
  it('never polls a slow feed more often because it failed', () => expect(nextPollDelayS(86_400, 3)).toBe(86_400));
});
