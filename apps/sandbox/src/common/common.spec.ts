import { DelayQueue } from './delay-queue';
import { newWamid } from './ids';
import { bsuidFor, callingCodeOf, e164Digits } from './phone';
import { RingBuffer } from './ring-buffer';
import { TokenBucket } from './token-bucket';

describe('RingBuffer', () => {
  it('keeps the newest items, oldest first, and reports evictions', () => {
    const ring = new RingBuffer<number>(3);
    expect([1, 2, 3].map((n) => ring.push(n))).toEqual([undefined, undefined, undefined]);
    expect(ring.push(4)).toBe(1);
    expect([...ring]).toEqual([2, 3, 4]);
    expect(ring.shift()).toBe(2);
    ring.push(5);
    expect([...ring]).toEqual([3, 4, 5]);
    ring.clear();
    expect(ring.size).toBe(0);
    expect([...ring]).toEqual([]);
  });

  it('refuses a useless capacity', () => {
    expect(() => new RingBuffer(0)).toThrow();
  });
});

describe('TokenBucket', () => {
  it('allows a burst of its capacity, then its rate', () => {
    let now = 0;
    const bucket = new TokenBucket(80, 80, () => now);
    let granted = 0;
    for (let i = 0; i < 100; i++) if (bucket.tryTake()) granted++;
    expect(granted).toBe(80);
    now += 500;
    granted = 0;
    for (let i = 0; i < 100; i++) if (bucket.tryTake()) granted++;
    expect(granted).toBe(40);
  });

  it('never holds more than its capacity', () => {
    let now = 0;
    const bucket = new TokenBucket(1 / 6, 45, () => now);
    for (let i = 0; i < 45; i++) expect(bucket.tryTake()).toBe(true);
    expect(bucket.tryTake()).toBe(false);
    now += 6000;
    expect(bucket.tryTake()).toBe(true);
    expect(bucket.tryTake()).toBe(false);
    now += 10_000_000;
    expect(bucket.isFull()).toBe(true);
  });
});

describe('DelayQueue', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('runs items after the delay, in push order, batched when due together', () => {
    const seen: number[][] = [];
    const queue = new DelayQueue<number>(50, (items) => seen.push(items));
    queue.push(1);
    queue.push(2);
    jest.advanceTimersByTime(20);
    queue.push(3);
    jest.advanceTimersByTime(29);
    expect(seen).toEqual([]);
    jest.advanceTimersByTime(1);
    expect(seen).toEqual([[1, 2]]);
    jest.advanceTimersByTime(20);
    expect(seen).toEqual([[1, 2], [3]]);
    expect(queue.pending).toBe(0);
  });

  it('drops everything once stopped', () => {
    const seen: number[] = [];
    const queue = new DelayQueue<number>(10, (items) => seen.push(...items));
    queue.push(1);
    queue.stop();
    queue.push(2);
    jest.advanceTimersByTime(100);
    expect(seen).toEqual([]);
  });
});

describe('phone helpers', () => {
  it('normalises E.164 input', () => {
    expect(e164Digits('+39 333 000-0001')).toBe('393330000001');
    expect(e164Digits('mario')).toBeUndefined();
    expect(callingCodeOf('390612345678')).toBe('39');
    expect(callingCodeOf('16505551111')).toBe('1');
  });

  it('derives a BSUID stable per business and citizen, different across businesses', () => {
    const a = bsuidFor('waba-1', '393330000001');
    expect(a).toMatch(/^IT\.\d+$/);
    expect(bsuidFor('waba-1', '393330000001')).toBe(a);
    expect(bsuidFor('waba-2', '393330000001')).not.toBe(a);
  });

  it('makes unique wamids', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => newWamid('393330000001')));
    expect(ids.size).toBe(1000);
    for (const id of ids) expect(id).toMatch(/^wamid\.[A-Za-z0-9+/=]+$/);
  });
});
