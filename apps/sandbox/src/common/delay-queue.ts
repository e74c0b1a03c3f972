/**
 * Runs each pushed item after the same fixed delay. Because the delay is constant, items fall due in
 * push order, so one timer for the head replaces one timer per item (600k timers for a 200k-message
 * benchmark otherwise).
 */
export class DelayQueue<T> {
  private readonly queue: { dueAt: number; item: T }[] = [];
  private head = 0;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly delayMs: number,
    private readonly onDue: (items: T[]) => void,
  ) {}

  get pending(): number {
    return this.queue.length - this.head;
  }

  push(item: T): void {
    if (this.stopped) return;
    this.queue.push({ dueAt: Date.now() + this.delayMs, item });
    if (!this.timer) this.arm();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.queue.length = 0;
    this.head = 0;
  }

  private arm(): void {
    const next = this.queue[this.head];
    if (!next) return;
    this.timer = setTimeout(() => this.fire(), Math.max(0, next.dueAt - Date.now()));
    // A pending status must not keep a finished test process alive.
    this.timer.unref();
  }

  private fire(): void {
    this.timer = undefined;
    const now = Date.now();
    const due: T[] = [];
    while (this.head < this.queue.length && this.queue[this.head].dueAt <= now) due.push(this.queue[this.head++].item);
    // Compact occasionally instead of shifting on every item.
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
    if (due.length > 0) this.onDue(due);
    if (!this.stopped) this.arm();
  }
}
