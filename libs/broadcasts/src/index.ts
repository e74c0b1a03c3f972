export * from './broadcast.entity';
export * from './whatsapp-template.entity';
export * from './compose';
export * from './broadcasts.dto';
export * from './broadcasts.service';
export * from './templates.service';
export * from './sending-rules.service';
export * from './broadcasts.module';
