export * from './staff.dto';
export * from './staff.service';
export * from './staff.module';
