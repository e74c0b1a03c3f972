import { Controller, Get, Header, Redirect } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { PHONE_CSS, PHONE_HTML, PHONE_JS } from './phone-page';

@ApiExcludeController()
@Controller()
export class PhoneController {
  @Get('phone')
  @Header('content-type', 'text/html; charset=utf-8')
  // Everything is served by the sandbox itself; nothing inline needs to run.
  @Header('content-security-policy', "default-src 'self'; img-src 'self' https: data:; base-uri 'none'; form-action 'self'")
  page(): string {
    return PHONE_HTML;
  }

  @Get('phone.js')
  @Header('content-type', 'text/javascript; charset=utf-8')
  script(): string {
    return PHONE_JS;
  }

  @Get('phone.css')
  @Header('content-type', 'text/css; charset=utf-8')
  style(): string {
    return PHONE_CSS;
  }

  @Get()
  @Redirect('/phone', 302)
  root(): void {}
}
