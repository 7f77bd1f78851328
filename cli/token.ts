import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { tokenClaimsSchema } from '../domain/identity';
import { tokenLevensduurSchema } from '../infra/config';
import { mintToken } from '../infra/local-issuer';
import { repoRoot } from '../infra/tools';

const usage = `usage: zvh token --medewerker <uuid> --deelnemer <id> [--rol <rol>]... [--ttl 8h]

Prints a bearer token signed by the local OIDC issuer of \`npm start\` (keys in $ZVH_DATA_DIR/issuer, default
.data/issuer). For development and tests only: in production tokens come from the ZVH's identity provider.
The medewerker must be registered and active for the API to accept the token. The token is valid for --ttl,
at most OIDC_MAX_TOKEN_LIFETIME_SECONDS (default 12h), the longest the API accepts.`;

const seconden = { s: 1, m: 60, h: 3600, d: 86_400 };

export async function run(args: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        medewerker: { type: 'string' },
        deelnemer: { type: 'string' },
        rol: { type: 'string', multiple: true },
        ttl: { type: 'string', default: '8h' },
        help: { type: 'boolean' },
      },
    }));
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n${usage}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  const claims = tokenClaimsSchema.safeParse({
    sub: values.medewerker,
    zvh_deelnemer: values.deelnemer,
    zvh_rollen: values.rol ?? [],
  });
  const ttl = /^(\d+)([smhd])$/.exec(values.ttl);
  const max = tokenLevensduurSchema.parse(process.env.OIDC_MAX_TOKEN_LIFETIME_SECONDS);
  // The API refuses a token valid for longer than its OIDC_MAX_TOKEN_LIFETIME_SECONDS.
  const ttlSeconden = ttl ? Number(ttl[1]) * seconden[ttl[2] as keyof typeof seconden] : undefined;
  const ttlFout =
    ttlSeconden === undefined ? 'ttl: expected e.g. 30m, 8h' : ttlSeconden > max ? `ttl: at most ${max} s` : undefined;
  if (!claims.success || ttlFout) {
    const fouten = claims.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n') ?? ttlFout;
    process.stderr.write(`${fouten}\n${usage}\n`);
    return 2;
  }
  const dir = join(process.env.ZVH_DATA_DIR ?? join(repoRoot, '.data'), 'issuer');
  process.stdout.write(`${await mintToken(dir, claims.data, values.ttl)}\n`);
  return 0;
}
