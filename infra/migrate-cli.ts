// `npm run db:migrate`: applies pending prisma/migrations to DATABASE_URL (see infra/migrate.ts for why not
// `prisma migrate deploy`), as the owner; with ZVH_APP_DB_PASSWORD it then (re)grants the role the API and worker
// log in with, `zvh_app`, which owns nothing (infra/app-role.ts). Exit codes: 0 done, 1 migration refused or failed,
// 2 usage.
import { APP_ROLE, APP_ROLE_PASSWORD, ensureAppRole } from './app-role';
import { migrate } from './migrate';

async function main(): Promise<number> {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    console.error('db:migrate: DATABASE_URL is not set (expected postgresql://user:password@host:port/database)');
    return 2;
  }
  const appPassword = process.env.ZVH_APP_DB_PASSWORD;
  if (appPassword !== undefined && !APP_ROLE_PASSWORD.test(appPassword)) {
    console.error('db:migrate: ZVH_APP_DB_PASSWORD must be 16 to 200 of A-Z a-z 0-9 _ -');
    return 2;
  }
  try {
    const { applied } = await migrate(databaseUrl, (msg) => console.log(msg));
    if (applied.length === 0) console.log('database is up to date, no migrations applied');
    if (appPassword !== undefined) {
      await ensureAppRole(databaseUrl, appPassword);
      console.log(`role ${APP_ROLE} granted on the tables`);
    }
    return 0;
  } catch (err) {
    console.error(`db:migrate: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}

// exitCode rather than exit(): lets stdout drain when it is a pipe.
void main().then((code) => {
  process.exitCode = code;
});
