// `zvh bewaartermijn --aanmelding <datum> …`: the archiefdatum of a casus from its dates (SPEC §5), for the
// archiefbeheerder and procesregisseur. A thin shell around domain/bewaartermijn.ts: every date rule, the validation of
// the dates included, lives there, so this command and the workflows cannot disagree. Exit codes: 0 ok, 2 usage.
import { parseArgs } from 'node:util';
import { archiefdatum, BewaartermijnInputError, type BewaartermijnInputIssue } from '../domain/bewaartermijn';

const USAGE = `usage: zvh bewaartermijn --aanmelding YYYY-MM-DD [--afsluiting YYYY-MM-DD]
                         [--verlenging YYYY-MM-DD [--heropening YYYY-MM-DD]]... [--afgewezen]

Prints the archiefdatum of a casus as one JSON object: archiefdatum, grond (AFSLUITING_PLUS_TERMIJN, MAXIMUM or
AFWIJZING), maximum (the maximum bewaartermijn after all verlengingen), voorlopig (true while the casus is open) and
the inputs. Rule: min(afsluiting + 1 year, maximum); maximum = aanmelding + 5 years, or the last verlenging (or its
heropening) + 2 years.

  --aanmelding YYYY-MM-DD   first registration: the bewaartermijn starts here (required)
  --afsluiting YYYY-MM-DD   afsluitbesluit; leave out while the casus is open
  --verlenging YYYY-MM-DD   a granted verlenging (repeat for each); the 2 years run from this date
  --heropening YYYY-MM-DD   after a --verlenging granted while the casus was closed (situation 2): the day it was
                            reopened; that verlenging's 2 years run from here (003 Verlenging bewaartermijn)
  --afgewezen               the aanmelding was rejected: archiefdatum = aanmelding + 1 year
  -h, --help                show this text

Exit codes: 0 ok, 2 invalid input or usage.
`;

const options = {
  aanmelding: { type: 'string' },
  afsluiting: { type: 'string' },
  verlenging: { type: 'string', multiple: true },
  heropening: { type: 'string', multiple: true },
  afgewezen: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

function usage(problem: string): number {
  process.stderr.write(`zvh bewaartermijn: ${problem}\n\n${USAGE}`);
  return 2;
}

export async function run(args: string[]): Promise<number> {
  let parsed;
  try {
    // strict (the default) rejects unknown options, positionals and options missing their value.
    parsed = parseArgs({ args, options, tokens: true });
  } catch (err) {
    return usage(err instanceof Error ? err.message : String(err));
  }
  const { values, tokens } = parsed;
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  // parseArgs silently keeps the last of a repeated option; a second --afsluiting is more likely a typo for
  // --verlenging than a correction, so refuse rather than guess.
  for (const name of ['aanmelding', 'afsluiting', 'afgewezen'] as const) {
    if (tokens.filter((t) => t.kind === 'option' && t.name === name).length > 1)
      return usage(`--${name} may be given only once`);
  }
  if (values.aanmelding === undefined) return usage('--aanmelding is required');

  // Each --heropening belongs to the --verlenging before it, so the order of the options counts here.
  const verlengingen: Array<{ datum: string; heropening: string | null }> = [];
  for (const t of tokens) {
    if (t.kind !== 'option' || t.value === undefined) continue;
    if (t.name === 'verlenging') verlengingen.push({ datum: t.value, heropening: null });
    if (t.name !== 'heropening') continue;
    const laatste = verlengingen.at(-1);
    if (laatste === undefined || laatste.heropening !== null)
      return usage(`--heropening ${t.value} must follow the --verlenging it belongs to`);
    laatste.heropening = t.value;
  }
  const invoer = {
    aanmelding: values.aanmelding,
    afsluiting: values.afsluiting ?? null,
    verlengingen,
    afgewezen: values.afgewezen ?? false,
  };
  let resultaat;
  try {
    resultaat = archiefdatum({
      aanmelddatum: invoer.aanmelding,
      afsluitdatum: invoer.afsluiting,
      // The domain counts a rejected aanmelding from the aanmelding itself; the rejection date does not change it.
      afgewezenOp: invoer.afgewezen ? invoer.aanmelding : null,
      verlengingen,
    });
  } catch (err) {
    if (err instanceof BewaartermijnInputError) {
      // zod reports both "format" and "not a calendar date" for e.g. 05-06-2025; the first per option is enough.
      const first = new Map<string, BewaartermijnInputIssue>();
      for (const i of err.issues) if (!first.has(i.path.join('.'))) first.set(i.path.join('.'), i);
      return usage([...first.values()].map((i) => describe(i, invoer)).join('\n'));
    }
    // Date arithmetic past year 9999 (e.g. --aanmelding 9999-01-01) is out of the calendar's range: still bad input.
    if (err instanceof RangeError) return usage(err.message);
    throw err;
  }
  process.stdout.write(`${JSON.stringify({ ...resultaat, ...invoer })}\n`);
  return 0;
}

/** Names the option and value the user typed rather than the domain's field, e.g. `--afsluiting 2025-01-01: …`. */
function describe(
  issue: BewaartermijnInputIssue,
  invoer: {
    aanmelding: string;
    afsluiting: string | null;
    verlengingen: Array<{ datum: string; heropening: string | null }>;
  },
): string {
  const [field, index] = issue.path;
  const message = issue.message.startsWith(`${issue.code}: `)
    ? issue.message.slice(issue.code.length + 2)
    : issue.message;
  const option =
    field === 'aanmelddatum'
      ? `--aanmelding ${invoer.aanmelding}`
      : field === 'afsluitdatum'
        ? `--afsluiting ${invoer.afsluiting ?? ''}`
        : field === 'afgewezenOp'
          ? '--afgewezen'
          : field === 'verlengingen'
            ? typeof index === 'number'
              ? issue.path[2] === 'heropening'
                ? `--heropening ${invoer.verlengingen[index]?.heropening ?? ''}`
                : `--verlenging ${invoer.verlengingen[index]?.datum ?? ''}`
              : '--verlenging'
            : issue.path.map(String).join('.');
  // Consistency issues carry their code as a message prefix already; it goes at the end so the text reads first.
  return `${option.trim()}: ${message} (${issue.code})`;
}
