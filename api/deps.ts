import type { Client } from '@temporalio/client';
import type { Policy } from '../domain/policy';
import type { Db } from '../infra/db';
import type { Authenticate } from './auth';
import type { HerkenKoppeling } from './koppeling-auth';
import type { Workflows } from './workflows';

/** The services api/app.ts builds once and hands to the routers; each router names the ones it uses. */
export interface ApiDiensten {
  workflows: Workflows;
  policy: Policy;
  temporal: Client;
  /** Recognises a partner system's signed request (api/koppeling-auth.ts). */
  herkenKoppeling: HerkenKoppeling;
}

/** What a router is built from: always the database and the caller's authentication, and the services it names. */
export type RouteDeps<K extends keyof ApiDiensten = never> = { db: Db; authenticate: Authenticate } & Pick<
  ApiDiensten,
  K
>;
