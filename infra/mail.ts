import nodemailer from 'nodemailer';
import { z } from 'zod';

/** A notification: plain text for people, never special-category data (SPEC §4); casusnummers and dates only. */
export interface Bericht {
  aan: string[];
  onderwerp: string;
  tekst: string;
  /** Stable per notification, so a retried send is recognisable as the same message. */
  messageId: string;
}

export interface Mailer {
  verstuur(bericht: Bericht): Promise<void>;
}

const bool = z.enum(['true', 'false']).transform((v) => v === 'true');
const adressen = z
  .string()
  .transform((s) =>
    s
      .split(',')
      .map((a) => a.trim())
      .filter((a) => a !== ''),
  )
  .pipe(z.array(z.email()).min(1));

export const mailConfigSchema = z.object({
  SMTP_HOST: z.string().min(1).default('127.0.0.1'),
  SMTP_PORT: z.coerce.number().int().min(1).max(65535).default(25),
  /** TLS from the start (port 465); otherwise STARTTLS is used when the server offers it. */
  SMTP_SECURE: bool.default(false),
  SMTP_USER: z.string().min(1).optional(),
  SMTP_PASS: z.string().min(1).optional(),
  ZVH_MAIL_AFZENDER: z.email().default('zvh-wgs@localhost'),
  /** Who is reminded of decisions that wait (the ondersteunend bureau's procesregie mailbox). */
  ZVH_MAIL_BESLUITVORMING: adressen.default(['procesregie@localhost']),
  /** Who hears of decisions that still wait after the reminder (the netwerkmanager). */
  ZVH_MAIL_ESCALATIE: adressen.default(['netwerkmanager@localhost']),
  /** The Contactpunt (BGS 1.2–1.4): informatieplicht, AVG-verzoeken and datalekken land here. */
  ZVH_MAIL_CONTACTPUNT: adressen.default(['contactpunt@localhost']),
  /** The (coördinerend) functionaris gegevensbescherming, who hears of datalekken and reports (Prot. 14). */
  ZVH_MAIL_FG: adressen.default(['fg@localhost']),
  /** The archiefbeheerder (Afspr. 16.2–16.4), who answers AVG-verzoeken about casussen already in its archive. */
  ZVH_MAIL_ARCHIEFBEHEERDER: adressen.default(['archiefbeheerder@localhost']),
  /** The Partneroverleg, informed of every datalek and sent a copy of each AP notification (Prot. 14.4–14.5). */
  ZVH_MAIL_PARTNEROVERLEG: adressen.default(['partneroverleg@localhost']),
  /** The Stuurgroep, sent a copy of each AP notification (Prot. 14.5). */
  ZVH_MAIL_STUURGROEP: adressen.default(['stuurgroep@localhost']),
});
export type MailConfig = z.output<typeof mailConfigSchema>;

/** Sends through the configured SMTP server (nodemailer); failures throw, so the activity retries. */
export function createMailer(config: MailConfig): Mailer {
  const transport = nodemailer.createTransport({
    host: config.SMTP_HOST,
    port: config.SMTP_PORT,
    secure: config.SMTP_SECURE,
    auth: config.SMTP_USER ? { user: config.SMTP_USER, pass: config.SMTP_PASS } : undefined,
  });
  return {
    async verstuur({ aan, onderwerp, tekst, messageId }) {
      await transport.sendMail({ from: config.ZVH_MAIL_AFZENDER, to: aan, subject: onderwerp, text: tekst, messageId });
    },
  };
}
