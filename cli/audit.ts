// `zvh audit verify [--anchor <id>:<hash>]`: checks the hash chain of the verplichte logging (infra/audit.ts) in the
// database of DATABASE_URL. Exit codes: 0 intact, 1 broken, 2 usage, 3 could not check (e.g. no database).
import { verifyAuditChain, type VerifyOptions } from '../infra/audit';
import { createDb } from '../infra/db';

const USAGE = `usage: zvh audit verify [--anchor <id>:<hash>]

Walks the audit log's hash chain in the database of DATABASE_URL and reports the first altered, removed or
reordered entry. --anchor checks that a head printed by an earlier run is still there, unchanged: the chain alone
cannot show that its newest entries were cut off, so keep the printed anchor outside the database.
Exit codes: 0 intact, 1 broken, 2 usage, 3 could not check.
`;

function usage(problem?: string): number {
  process.stderr.write(`${problem ? `zvh audit: ${problem}\n` : ''}${USAGE}`);
  return 2;
}

export async function run(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'help' || sub === '--help') {
    process.stdout.write(USAGE);
    return 0;
  }
  if (sub === undefined) return usage();
  if (sub !== 'verify') return usage(`unknown subcommand ${sub}`);

  const options: VerifyOptions = {};
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    const value =
      arg === '--anchor' ? rest[++i] : arg?.startsWith('--anchor=') ? arg.slice('--anchor='.length) : undefined;
    if (value === undefined)
      return usage(arg === '--anchor' ? '--anchor needs <id>:<hash>' : `unknown argument ${arg}`);
    const anchor = /^(\d+):([0-9a-f]{64})$/.exec(value);
    if (!anchor?.[1] || !anchor[2]) return usage(`--anchor must be <id>:<64 hex digits>, not ${value}`);
    options.anchor = { id: anchor[1], hash: anchor[2] };
  }

  const url = process.env.DATABASE_URL;
  if (!url || !/^postgres(ql)?:\/\//.test(url)) return usage('DATABASE_URL must be set to a postgresql:// URL');

  const db = createDb(url);
  try {
    const result = await verifyAuditChain(db, options);
    if (!result.ok) {
      process.stdout.write(`audit log BROKEN at entry #${result.id} (${result.kind}): ${result.message}\n`);
      process.stdout.write(`${result.count} entries before it verified\n`);
      return 1;
    }
    process.stdout.write(`audit log OK: ${result.count} entries verified\n`);
    if (result.start)
      process.stdout.write(
        `(entries before ${result.start.grens} were removed by the log's retention, up to #${result.start.totId})\n`,
      );
    if (result.last)
      process.stdout.write(`anchor (keep it outside the database): --anchor ${result.last.id}:${result.last.hash}\n`);
    return 0;
  } catch (err) {
    process.stderr.write(`zvh audit: could not verify: ${err instanceof Error ? err.message : String(err)}\n`);
    return 3;
  } finally {
    await db.$disconnect();
  }
}
