import type { Policy } from '../domain/policy';
import type { Db } from '../infra/db';
import { createArchiefActivities } from './archief';
import { createCasusActivities } from './casus';
import { createSweepActivities } from './sweep';

export interface ActivityConfig {
  /** Folder the archive packages are delivered to (the archiefbeheerder's intake; SPEC §5). */
  archiefMap: string;
}

export const createActivities = (db: Db, policy: Policy, config: ActivityConfig) => ({
  ...createCasusActivities(db, policy),
  ...createArchiefActivities(db, config),
  ...createSweepActivities(db, policy),
});
