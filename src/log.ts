/** pino JSON logs on stderr (stdout is kept for results). Level from NIANBAO_LOG_LEVEL. */
import { pino, type Logger } from 'pino';

export function createLogger(name: string, defaultLevel = 'info'): Logger {
  return pino({ name, level: process.env.NIANBAO_LOG_LEVEL ?? defaultLevel }, pino.destination(2));
}
