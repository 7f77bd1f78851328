// `npm run db:migrate`: applies pending prisma/migrations to DATABASE_URL (see infra/migrate.ts for why not
// `prisma migrate deploy`). Exit codes: 0 done, 1 migration refused or failed, 2 usage.
import { migrate } from './migrate';

async function main(): Promise<number> {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    console.error('db:migrate: DATABASE_URL is not set (expected postgresql://user:password@host:port/database)');
    return 2;
  }
  try {
    const { applied } = await migrate(databaseUrl, (msg) => console.log(msg));
    if (applied.length === 0) console.log('database is up to date, no migrations applied');
    return 0;
  } catch (err) {
    console.error(`db:migrate: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}

// exitCode rather than exit(): lets stdout drain when it is a pipe.
main().then((code) => {
  process.exitCode = code;
});
