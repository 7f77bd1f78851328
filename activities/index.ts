import type { Policy } from '../domain/policy';
import type { Db } from '../infra/db';
import { createCasusActivities } from './casus';

export const createActivities = (db: Db, policy: Policy) => ({ ...createCasusActivities(db, policy) });
