import { OnApplicationShutdown, Provider } from '@nestjs/common';
import { Settings } from '@bacheca/config';
import { CloudApiClient } from '@bacheca/whatsapp';

/** One pooled keep-alive client per process, shared by every comune's numbers. */
export const cloudApiProvider: Provider = {
  provide: CloudApiClient,
  inject: [Settings],
  useFactory: (s: Settings) =>
    Object.assign(new CloudApiClient({ baseUrl: s.GRAPH_API_BASE_URL, graphVersion: s.GRAPH_API_VERSION, timeoutMs: s.GRAPH_API_TIMEOUT_MS }), {
      onApplicationShutdown(this: CloudApiClient) {
        return this.close();
      },
    } satisfies OnApplicationShutdown),
};
