import { defineConfig } from 'prisma/config';

// Prisma 7 reads the connection URL here. It is only needed by `prisma migrate` on a machine that has the
// schema engine; this project applies migrations itself (see infra/migrate.ts), and `prisma generate` needs no URL.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://localhost:5432/zvh' },
});
