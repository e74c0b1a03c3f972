import { Injectable } from '@nestjs/common';

/**
 * The time, as the domain reads it. Quiet hours, schedules and expiry ask this instead of `new Date()`,
 * so tests can stand at 23:30 in Saronno without waiting for the night.
 */
@Injectable()
export class Clock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** Tests only: move this process's clock to `at` (and keep it running from there). */
  travelTo(at: Date): void {
    this.offsetMs = at.getTime() - Date.now();
  }
}
