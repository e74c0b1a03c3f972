export * from './access';
export * from './auth.module';
export * from './auth.service';
export * from './password';
export * from './principal';
export * from './staff-user.entity';
export * from './refresh-tokens.repository';
