/**
 * Logging through pino: JSON by default, pretty on a terminal. Secrets are redacted by path.
 * @module
 */
import { pino, type Logger } from 'pino';

export type { Logger };

export type LoggerOptions = Readonly<{
  level: string;
  format: 'auto' | 'json' | 'text';
  isTty: boolean;
  /** Commands whose stdout is their output (`plan`, `whoami`) log to stderr, so JSON output stays parseable. */
  stream?: 'stdout' | 'stderr';
}>;

const REDACT = ['*.secretAccessKey', '*.sessionToken', '*.txtEncryptAesKey', '*.privateKey', '*.passphrase', '*.authorization'];

export function createLogger(options: LoggerOptions): Logger {
  const level = options.level === 'warning' ? 'warn' : options.level;
  const pretty = options.format === 'text' || (options.format === 'auto' && options.isTty);
  const fd = options.stream === 'stderr' ? 2 : 1;
  if (pretty) {
    return pino({
      level,
      redact: REDACT,
      transport: { target: 'pino-pretty', options: { colorize: options.isTty, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname', destination: fd } },
    });
  }
  return pino({ level, redact: REDACT }, pino.destination({ fd, sync: true }));
}

/** A logger that drops everything, for tests. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
