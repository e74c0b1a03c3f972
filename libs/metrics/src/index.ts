export * from './bacheca-metrics';
export * from './comune-labels';
export * from './health-probe';
export * from './metrics-endpoint';
export * from './metrics.module';
export * from './recorders';
export * from './scrape-access';
