import { randomBytes } from 'node:crypto';

/** Looks like Meta's: "wamid." + base64 of an opaque blob that embeds the recipient. */
export function newWamid(recipientDigits: string): string {
  return `wamid.${Buffer.concat([Buffer.from(`HBg${recipientDigits}`), randomBytes(18)]).toString('base64')}`;
}

export function newFbtraceId(): string {
  return randomBytes(8).toString('base64').replace(/[+/=]/g, '').slice(0, 11);
}

/** Media ids in inbound webhooks are long decimal strings. */
export function newMediaId(): string {
  return BigInt(`0x${randomBytes(7).toString('hex')}`).toString().padStart(16, '1');
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
