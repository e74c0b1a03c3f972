import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { SANDBOX_SETTINGS } from '../sandbox-settings';
import type { SandboxSettings } from '../sandbox-settings';
import { CONSOLE_CSS, CONSOLE_HTML, CONSOLE_JS } from './console-page';

const attribute = (v: string) => v.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

@ApiExcludeController()
@Controller()
export class ConsoleController {
  constructor(@Inject(SANDBOX_SETTINGS) private readonly settings: SandboxSettings) {}

  @Get('console')
  @Header('content-type', 'text/html; charset=utf-8')
  // No favicon to fetch: the empty data: icon needs img-src data:.
  @Header('content-security-policy', "default-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'")
  page(): string {
    return CONSOLE_HTML.replace('__CALLBACK__', attribute(this.settings.callbackUrl ?? ''));
  }

  @Get('console.js')
  @Header('content-type', 'text/javascript; charset=utf-8')
  script(): string {
    return CONSOLE_JS;
  }

  @Get('console.css')
  @Header('content-type', 'text/css; charset=utf-8')
  style(): string {
    return CONSOLE_CSS;
  }
}
