export * from './app-error';
export * from './error-body';
export * from './error.filter';
export * from './validation';
export * from './request-id';
export * from './json-body';
export * from './request-log';
export * from './json-depth';
