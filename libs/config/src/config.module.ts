import { DynamicModule, Global, Module } from '@nestjs/common';
import { Clock } from './clock';
import { loadSettings, Settings } from './settings';

/**
 * Provides the validated Settings to the whole application. `process.env` is read here and nowhere
 * else; a missing or malformed variable stops the process with a message that names it.
 * Each app's root imports it once; tests pass settings they built themselves.
 */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(settings?: Settings): DynamicModule {
    return {
      module: ConfigModule,
      providers: [{ provide: Settings, useFactory: () => settings ?? loadSettings(process.env) }, Clock],
      exports: [Settings, Clock],
    };
  }
}
