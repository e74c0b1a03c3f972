export * from './comune.entity';
export * from './comune.dto';
export * from './comuni.service';
export * from './tenancy.module';
