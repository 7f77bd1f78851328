/**
 * Structured JSON logs on stdout. Callers pass ids and codes only: personal data never goes into logs
 * (it would escape anonymisation), so there is deliberately no way to log a request body.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, string | number | boolean | null | undefined>;

const order: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
}

const stdout = (line: string): void => void process.stdout.write(line);

/** `sink` defaults to stdout; the test stack writes its own lines to a log file instead. */
export function createLogger(component: string, level: LogLevel = 'info', sink = stdout): Logger {
  const write =
    (l: LogLevel) =>
    (msg: string, fields: LogFields = {}) => {
      if (order[l] < order[level]) return;
      sink(`${JSON.stringify({ time: new Date().toISOString(), level: l, component, msg, ...fields })}\n`);
    };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}
