export * from './log-context';
export * from './log-line';
export * from './bacheca-logger';
