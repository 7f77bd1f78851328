import type { Policy } from '../domain/policy';
import type { Db } from '../infra/db';
import { createArchiefActivities } from './archief';
import type { MailConfig, Mailer } from '../infra/mail';
import { createCasusActivities } from './casus';
import { createGegevensActivities } from './gegevens';
import { createHerinneringActivities } from './herinneringen';
import { createSweepActivities } from './sweep';

export interface ActivityConfig {
  /** Folder the archive packages are delivered to (the archiefbeheerder's intake; SPEC §5). */
  archiefMap: string;
  mailer: Mailer;
  mail: Pick<MailConfig, 'ZVH_MAIL_BESLUITVORMING' | 'ZVH_MAIL_ESCALATIE' | 'ZVH_MAIL_CONTACTPUNT' | 'ZVH_MAIL_FG'>;
}

export const createActivities = (db: Db, policy: Policy, config: ActivityConfig) => ({
  ...createCasusActivities(db, policy),
  ...createArchiefActivities(db, config),
  ...createSweepActivities(db, policy),
  ...createGegevensActivities(db),
  ...createHerinneringActivities(db, policy, config.mailer, config.mail),
});
