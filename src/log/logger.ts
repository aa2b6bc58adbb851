/**
 * Logging through pino: JSON by default, pretty on a terminal. Secrets are redacted by path.
 * @module
 */
import { pino, type Logger } from 'pino';

export type { Logger };

export type LoggerOptions = Readonly<{ level: string; format: 'auto' | 'json' | 'text'; isTty: boolean }>;

const REDACT = ['*.secretAccessKey', '*.sessionToken', '*.txtEncryptAesKey', '*.privateKey', '*.passphrase', '*.authorization'];

export function createLogger(options: LoggerOptions): Logger {
  const level = options.level === 'warning' ? 'warn' : options.level;
  const pretty = options.format === 'text' || (options.format === 'auto' && options.isTty);
  if (pretty) {
    return pino({
      level,
      redact: REDACT,
      transport: { target: 'pino-pretty', options: { colorize: options.isTty, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' } },
    });
  }
  return pino({ level, redact: REDACT });
}

/** A logger that drops everything, for tests. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
