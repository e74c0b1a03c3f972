import { Logger } from '@nestjs/common';
import { startSandbox } from './sandbox-app';
import { loadSandboxSettings } from './sandbox-settings';

async function main(): Promise<void> {
  // eslint-disable-next-line no-restricted-syntax -- the process edge: the only place the sandbox reads its environment
  const settings = loadSandboxSettings(process.env);
  const sandbox = await startSandbox(settings);
  sandbox.app.enableShutdownHooks();
  new Logger('Sandbox').log(
    `WhatsApp Cloud API sandbox on ${sandbox.url} (Graph ${settings.graphVersion}); phone page ${sandbox.url}/phone, docs ${sandbox.url}/_sandbox/docs`,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
