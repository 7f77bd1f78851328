import { writeFileSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface MailSink {
  port: number;
  /** Every message received so far, parsed. */
  berichten: ParsedMail[];
  stop(): Promise<void>;
}

/**
 * A real SMTP server that accepts every message, for `npm start` (a local mailbox: each message also lands as an
 * .eml file in `dir`) and the tests (which read `berichten`). Never for production: it stores whatever it gets.
 */
export async function startMailSink({ port = 0, dir }: { port?: number; dir?: string } = {}): Promise<MailSink> {
  const berichten: ParsedMail[] = [];
  if (dir) mkdirSync(dir, { recursive: true });
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        simpleParser(raw).then(
          (mail) => {
            berichten.push(mail);
            if (dir) writeFileSync(join(dir, `${Date.now()}-${berichten.length}.eml`), raw);
            callback();
          },
          (err: Error) => callback(err),
        );
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    port: (server.server.address() as AddressInfo).port,
    berichten,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
