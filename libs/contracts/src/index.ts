export * from './device';
export * from './site';
export * from './auth';
export * from './api';
export * from './realtime';
export * from './queues';
export * from './dispatch';
export * from './access';
