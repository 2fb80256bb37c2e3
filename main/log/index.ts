// The support log's public surface.
export type { AppLogger, CreateLoggerOptions, LogLevel } from './logger.ts';
export { createLogger } from './logger.ts';
export { REDACTED, Redactor } from './redactor.ts';
export { MIN_SECRET_LENGTH } from './secret-forms.ts';
export { isSensitiveKey } from './sensitive-keys.ts';
export { RotatingFileDestination } from './rotating-file.ts';
export type { RotatingFileOptions } from './rotating-file.ts';
