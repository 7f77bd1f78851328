import type { Policy } from '../domain/policy';
import type { Db } from '../infra/db';
import { createArchiefActivities, type ArchiefOpties } from './archief';
import type { MailConfig, Mailer } from '../infra/mail';
import { createAvgVerzoekActivities } from './avg-verzoek';
import { createCasusActivities } from './casus';
import { createDatalekActivities } from './datalek';
import { createGegevensActivities } from './gegevens';
import { createHerinneringActivities } from './herinneringen';
import { createInformatieplichtActivities } from './informatieplicht';
import { createDeelnemerMelding } from './deelnemer-melding';
import { createInformatieverzoekActivities } from './informatieverzoek';
import { createKlachtActivities } from './klacht';
import type { KoppelingOpties } from './koppeling';
import { loadPayloadCodecConfig } from '../infra/codec';
import { koppelingSchema, loopbackToegestaanSchema } from '../infra/config';
import { createRiecActivities } from './riec';
import { createSweepActivities } from './sweep';
import { createTopxActivities } from './topx';

/** `archiefMap` and the rest of ArchiefOpties: where archive packages go (the archiefbeheerder's intake; SPEC §5). */
export interface ActivityConfig extends ArchiefOpties {
  mailer: Mailer;
  mail: Pick<
    MailConfig,
    | 'ZVH_MAIL_BESLUITVORMING'
    | 'ZVH_MAIL_ESCALATIE'
    | 'ZVH_MAIL_CONTACTPUNT'
    | 'ZVH_MAIL_FG'
    | 'ZVH_MAIL_ARCHIEFBEHEERDER'
    | 'ZVH_MAIL_PARTNEROVERLEG'
    | 'ZVH_MAIL_STUURGROEP'
  >;
  /** Partner systems; by default from the environment (ZVH_KOPPELING_*, ZVH_API_URL, the payload keys). */
  koppeling?: KoppelingOpties;
}

export function koppelingOptiesUitEnv(env: NodeJS.ProcessEnv = process.env): KoppelingOpties {
  const c = koppelingSchema.parse(env);
  return {
    sleutels: loadPayloadCodecConfig(env),
    afzender: c.ZVH_KOPPELING_AFZENDER,
    timeoutMs: c.ZVH_KOPPELING_TIMEOUT_MS,
    apiUrl: c.ZVH_API_URL,
    loopbackToegestaan: loopbackToegestaanSchema.parse(env.ZVH_KOPPELING_LOOPBACK_TOEGESTAAN),
  };
}

export function createActivities(db: Db, policy: Policy, config: ActivityConfig) {
  const koppeling = config.koppeling ?? koppelingOptiesUitEnv();
  const meldDeelnemer = createDeelnemerMelding(db, config.mailer, koppeling);
  return {
    ...createCasusActivities(db, policy),
    ...createArchiefActivities(db, config),
    ...createSweepActivities(db, policy),
    ...createGegevensActivities(db),
    ...createHerinneringActivities(db, policy, config.mailer, config.mail),
    ...createInformatieplichtActivities(db, policy, config.mailer, config.mail),
    ...createDatalekActivities(db, policy, config.mailer, config.mail),
    ...createKlachtActivities(db, policy, config.mailer, config.mail, meldDeelnemer),
    ...createAvgVerzoekActivities(db, policy, config.mailer, config.mail, meldDeelnemer),
    ...createTopxActivities(db, policy, config.mailer, config.mail, meldDeelnemer),
    ...createInformatieverzoekActivities(db, config.mailer, config.mail, koppeling, meldDeelnemer),
    ...createRiecActivities(db, config.mailer, config.mail, koppeling),
  };
}
