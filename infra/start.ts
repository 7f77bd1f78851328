import { join } from 'node:path';
import { createDb } from './db';
import { createLogger } from './logger';
import { whenParentGone } from './processes';
import { mintToken, voegLokaleAccountsToe } from './local-issuer';
import { API_BASISPAD } from './api-versie';
import { loadPayloadCodecConfig } from './codec';
import { demoMedewerkers, seedDemo } from './seed';
import { startPartnerSimulator } from './simulator';
import { registreerDemoPartners } from './simulator/demo';
import { startStack } from './stack';
import { repoRoot } from './tools';

const rolTekst = (rollen: readonly string[]) => (rollen.length ? `, rol ${rollen.join(', ')}` : '');

/** `npm start`: the whole stack on embedded defaults (or on DATABASE_URL / TEMPORAL_ADDRESS when set). */
async function main(): Promise<void> {
  const log = createLogger('start');
  // Until the stack is up there is nothing orderly to stop: exiting takes the children along (infra/supervisor.ts).
  let stop = (): void => process.exit(1);
  const onSignal = () => stop();
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  // npm or scripts/start.mjs died without passing a signal on: stop too, rather than hold the ports as an orphan.
  whenParentGone(() => {
    log.warn('parent process gone');
    stop();
  });
  const embeddedDb = !process.env.DATABASE_URL;
  const stack = await startStack({
    dataDir: process.env.ZVH_DATA_DIR ?? join(repoRoot, '.data'),
    persistentTemporal: true,
    apiPort: Number(process.env.API_PORT ?? 3000),
    temporalPort: Number(process.env.TEMPORAL_PORT ?? 7233),
    issuerPort: Number(process.env.ZVH_ISSUER_PORT ?? 3001),
    uiPort: Number(process.env.TEMPORAL_UI_PORT ?? 8233),
    output: 'inherit',
    // Demo deelnemers only in the embedded database: an external one is somebody's real data.
    prepare: embeddedDb
      ? async (url) => {
          const db = createDb(url);
          await seedDemo(db);
          await db.$disconnect();
        }
      : undefined,
  });
  stop = () => {
    log.info('stopping');
    void stack.stop().then(() => process.exit(0));
  };
  // The partner simulator plays deelnemer systems, a neighbouring ZVH and a RIEC (development only; not for real data).
  let simulator: string[] = [];
  if (process.env.ZVH_SIMULATOR_PORT && embeddedDb) {
    const sim = await startPartnerSimulator({
      port: Number(process.env.ZVH_SIMULATOR_PORT),
      zvh: { apiUrl: stack.apiUrl, afzender: stack.env.ZVH_KOPPELING_AFZENDER ?? 'zvh' },
    });
    const db = createDb(stack.databaseUrl);
    const partners = await registreerDemoPartners(db, sim, loadPayloadCodecConfig(stack.env));
    await db.$disconnect();
    simulator = [`  Simulator    ${sim.url}   (partners: ${partners.join(', ')})`];
  }
  if (stack.issuerDir && embeddedDb)
    voegLokaleAccountsToe(
      stack.issuerDir,
      demoMedewerkers.map((m) => ({
        medewerkerId: m.id,
        deelnemerId: m.deelnemer.id,
        rollen: m.rollen,
        naam: m.naam,
        omschrijving: `${m.deelnemer.naam}${rolTekst(m.rollen)}`,
      })),
    );
  const demoTokens =
    stack.issuerDir && embeddedDb
      ? await Promise.all(
          demoMedewerkers.map(async (m) => ({
            m,
            token: await mintToken(stack.issuerDir as string, {
              medewerkerId: m.id,
              deelnemerId: m.deelnemer.id,
              rollen: m.rollen,
            }),
          })),
        )
      : [];
  const lines = [
    '',
    'zvh-wgs is running',
    ...(stack.env.ZVH_WEB_URL
      ? [`  Web          ${stack.env.ZVH_WEB_URL}   (log in as one of the demo accounts below)`]
      : []),
    `  API          ${stack.apiUrl}   (GET ${stack.apiUrl}/health/ready)`,
    `  API docs     ${stack.apiUrl}${API_BASISPAD}/docs   (OpenAPI: ${API_BASISPAD}/openapi.json)`,
    `  Temporal UI  ${stack.uiUrl ?? '(external cluster)'}`,
    `  Temporal     ${stack.temporalAddress}  namespace ${stack.namespace}, task queue ${stack.taskQueue}`,
    `  Logs         ${stack.logDir}`,
    `  Archive      ${stack.archiefMap}   (packages delivered at the archiefdatum)`,
    ...(stack.mailDir ? [`  Mailbox      ${stack.mailDir}   (local SMTP: every notification as an .eml file)`] : []),
    ...simulator,
    ...(demoTokens.length > 0
      ? [
          '  Demo tokens (valid 8 hours; send as "Authorization: Bearer <token>"; more with `npx zvh token --help`):',
          ...demoTokens.flatMap(({ m, token }) => [
            `    ${m.naam}: ${m.deelnemer.id} (${m.deelnemer.type})${rolTekst(m.rollen)}, medewerker ${m.id}:`,
            `      ${token}`,
          ]),
        ]
      : []),
    'Press Ctrl+C to stop.',
    '',
  ];
  process.stdout.write(lines.join('\n'));
}

main().catch((err: unknown) => {
  createLogger('start').error('start failed', { error: err instanceof Error ? err.message : String(err) });
  process.exit(1);
});
