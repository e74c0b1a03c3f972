import { Logger } from '@nestjs/common';
import { loadSettings } from '@bacheca/config';
import { createApiApp } from './create-api-app';

async function main() {
  // Validated before Nest starts, so a bad setting stops the process with its name and no stack trace.
  // eslint-disable-next-line no-restricted-syntax -- the process edge: settings are validated here like in every app.
  const settings = loadSettings(process.env);
  const app = await createApiApp(settings);
  await app.listen(settings.API_PORT, '0.0.0.0');
  new Logger('api').log(`Bacheca API on ${settings.PUBLIC_BASE_URL} (docs at /api/docs)`);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
