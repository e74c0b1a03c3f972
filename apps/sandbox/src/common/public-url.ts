import { Inject, Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { AddressInfo } from 'node:net';
import { SANDBOX_SETTINGS } from '../sandbox-settings';
import type { SandboxSettings } from '../sandbox-settings';

/** The sandbox's own URL: SANDBOX_BASE_URL, or the address it actually listens on (tests use port 0). */
@Injectable()
export class PublicUrl {
  constructor(
    @Inject(SANDBOX_SETTINGS) private readonly settings: SandboxSettings,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  get value(): string {
    if (this.settings.baseUrl) return this.settings.baseUrl;
    const address = this.adapterHost.httpAdapter.getHttpServer().address() as AddressInfo | string | null;
    if (!address || typeof address === 'string') return `http://127.0.0.1:${this.settings.port}`;
    const host = address.address === '0.0.0.0' || address.address === '::' ? '127.0.0.1' : address.address;
    return `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
  }
}
