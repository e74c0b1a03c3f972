import { Injectable } from '@nestjs/common';
import { callingCodeOf } from '../common/phone';

export interface SandboxNumber {
  phoneNumberId: string;
  /** Digits, as Meta puts it in `metadata.display_phone_number`. */
  displayPhoneNumber: string;
  wabaId: string;
  accessToken: string;
  appSecret: string;
  callbackUrl: string;
  mps: number;
  label?: string;
  /** Calling code of the business number (prepended by Meta to a `to` without '+'). */
  countryCallingCode: string;
}

export type NewSandboxNumber = Omit<SandboxNumber, 'countryCallingCode'>;

/** The registered business numbers. In memory: this is a test double, not our product. */
@Injectable()
export class NumbersStore {
  private readonly numbers = new Map<string, SandboxNumber>();
  private readonly listeners: ((phoneNumberId: string) => void)[] = [];

  upsert(input: NewSandboxNumber): SandboxNumber {
    const number = { ...input, countryCallingCode: callingCodeOf(input.displayPhoneNumber) };
    this.numbers.set(number.phoneNumberId, number);
    this.changed(number.phoneNumberId);
    return number;
  }

  get(phoneNumberId: string): SandboxNumber | undefined {
    return this.numbers.get(phoneNumberId);
  }

  list(): SandboxNumber[] {
    return [...this.numbers.values()];
  }

  delete(phoneNumberId: string): boolean {
    const existed = this.numbers.delete(phoneNumberId);
    if (existed) this.changed(phoneNumberId);
    return existed;
  }

  /** Lets the throughput limiter reset a number's bucket when its mps changes. */
  onChange(listener: (phoneNumberId: string) => void): void {
    this.listeners.push(listener);
  }

  private changed(phoneNumberId: string): void {
    for (const listener of this.listeners) listener(phoneNumberId);
  }
}
