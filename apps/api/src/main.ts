import { Logger } from '@nestjs/common';
import { Settings } from '@bacheca/config';
import { createApiApp } from './create-api-app';

async function main() {
  const app = await createApiApp();
  const settings = app.get(Settings);
  await app.listen(settings.API_PORT, '0.0.0.0');
  new Logger('api').log(`Bacheca API on ${settings.PUBLIC_BASE_URL} (docs at /api/docs)`);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
