import { randomUUID } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { seedCallers } from '../chaos/run';
import { criteria, sendUntilFinal, type Answer, type Caller } from '../chaos/workload';
import { dataConverter, loadPayloadCodecConfig } from '../codec';
import { criteriumRows } from '../criteria';
import { dateColumn, dutchCalendarDate } from '../calendar';
import { createDb, type Db } from '../db';
import { startStack, type Stack } from '../stack';
import { freePort, repoRoot } from '../tools';
import { addYears, DAY_MS } from '../../domain/dates';
import { casusStatus, casusWorkflowId, casusWorkflowStart } from '../../workflows/casus';
import { registreerWorkflowStart, startGeregistreerd } from '../workflow-start';
import { floorUpdate, floorWorkflow } from './floor-workflow';
import { mediaan, meet, percentiel, perSeconde, rssMiB, type Meting } from './measure';

/** One bench stack: the product as `npm start` runs it (supervised worker and API), plus clients on it. */
interface Omgeving {
  stack: Stack;
  db: Db;
  temporal: Client;
  aanmelder: Caller;
  beslisser: Caller;
  stop(): Promise<void>;
}

async function startOmgeving(env: NodeJS.ProcessEnv): Promise<Omgeving> {
  const dataDir = mkdtempSync(join(tmpdir(), 'zvh-bench-'));
  chmodSync(dataDir, 0o755); // the postgres OS user must reach its data directory
  const stack = await startStack({
    dataDir,
    persistentTemporal: false,
    apiPort: await freePort(),
    output: 'files',
    // A slow answer is measured, not turned into a 503 (the outage path is the chaos run's).
    env: { LOG_LEVEL: 'warn', API_RATE_LIMIT_PER_MINUTE: '100000000', API_TEMPORAL_TIMEOUT_MS: '60000', ...env },
    restart: { initialDelayMs: 200, maxDelayMs: 2_000 },
  });
  const db = createDb(stack.databaseUrl);
  const connection = await Connection.connect({ address: stack.temporalAddress });
  const temporal = new Client({
    connection,
    namespace: stack.namespace,
    dataConverter: dataConverter(loadPayloadCodecConfig(stack.env)),
  });
  if (!stack.issuerDir) throw new Error('the bench needs the local issuer: unset OIDC_ISSUER');
  const tokens = await seedCallers(db, stack.issuerDir);
  const stop = async () => {
    await connection.close().catch(() => undefined);
    await db.$disconnect().catch(() => undefined);
    await stack.stop();
  };
  return { stack, db, temporal, aanmelder: { token: tokens.aanmelder }, beslisser: { token: tokens.beslisser }, stop };
}

/** One attempt, as a client with an Idempotency-Key sends it; `retryForMs` > 0 retries as the chaos workload does. */
async function post(url: string, caller: Caller, body: unknown, expected: number[], retryForMs = 0): Promise<Answer> {
  const answer = (await sendUntilFinal(url, caller, body, { requestDeadlineMs: 60_000, retryForMs })).at(-1);
  if (typeof answer?.status !== 'number' || !expected.includes(answer.status))
    throw new Error(`POST ${url}: ${answer?.status} ${JSON.stringify(answer?.body)}`);
  return answer;
}

const aanmelding = () => ({
  wettelijkeTaak: 'Handhaving van de openbare orde (Politiewet 2012, art. 3)',
  criteria,
  betrokkenen: [{ rol: 'BETROKKENE', voornamen: 'Test', achternaam: `Bench${randomUUID().slice(0, 8)}` }],
});
const intake = (uitkomst: 'IN_BEHANDELING' | 'NIET_IN_BEHANDELING') => ({
  uitkomst,
  criteria,
  motivering: 'Criteria aannemelijk.',
});

const registreer = async (o: Omgeving, retryForMs = 0): Promise<string> =>
  ((await post(`${o.stack.apiUrl}/casussen`, o.aanmelder, aanmelding(), [201], retryForMs)).body as { id: string }).id;
/**
 * A retry (after a 503 during the worker kill) of a refusal that took effect meets a casus the beslisser no longer
 * sees: 404. Whether it took effect is checked in Postgres afterwards.
 */
const beslisIntake = (
  o: Omgeving,
  id: string,
  uitkomst: Parameters<typeof intake>[0] = 'IN_BEHANDELING',
  retryForMs = 0,
) =>
  post(
    `${o.stack.apiUrl}/casussen/${id}/intake-besluit`,
    o.beslisser,
    intake(uitkomst),
    uitkomst === 'IN_BEHANDELING' ? [200] : [200, 404],
    retryForMs,
  );

export const machine = (): string => {
  const cli = readFileSync(join(repoRoot, 'tools', 'temporal-cli.version'), 'utf8').trim();
  const gib = (totalmem() / 2 ** 30).toFixed(0);
  const last = loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
  const server = `Temporal dev server (CLI ${cli}, in memory)`;
  const node = `Node.js ${process.version}`;
  return `${availableParallelism()} cores (nproc), ${gib} GiB RAM, ${node}, ${server}, load average at the end ${last}`;
};

const f = (x: number, digits = 0) => (Number.isFinite(x) ? x.toFixed(digits) : '–');
const regel = (cells: string[]) => `| ${cells.join(' | ')} |`;

/** A casus past its archiefdatum as the sweep finds it (afgeschermd, closed 6 years ago), straight in the database. */
async function verlopenCasussen(db: Db, n: number): Promise<string[]> {
  const deelnemerId = `bench-sweep-${randomUUID().slice(0, 8)}`;
  const medewerkerId = randomUUID();
  await db.deelnemer.create({ data: { id: deelnemerId, naam: 'Benchdeelnemer', type: 'OVERHEID' } });
  await db.medewerker.create({
    data: {
      id: medewerkerId,
      deelnemerId,
      naam: 'Bench Medewerker',
      screeningSoort: 'VOG',
      screeningDatum: new Date('2026-01-01T00:00:00Z'),
    },
  });
  const vandaag = dutchCalendarDate(new Date());
  const ids = Array.from({ length: n }, () => randomUUID());
  await db.casus.createMany({
    data: ids.map((id) => ({
      id,
      casusnummer: `BENCH-${id}`,
      aanmelderDeelnemerId: deelnemerId,
      aanmelderMedewerkerId: medewerkerId,
      wettelijkeTaak: 'Handhaving van de openbare orde',
      aanmeldDatum: new Date(`${addYears(vandaag, -7)}T10:00:00Z`),
      afsluitDatum: dateColumn(addYears(vandaag, -6)),
      afgeschermdOp: new Date(`${addYears(vandaag, -5)}T10:00:00Z`),
      fase: 'AFGESCHERMD' as const,
    })),
  });
  await db.betrokkene.createMany({
    data: ids.flatMap((casusId) =>
      ['BETROKKENE', 'GEZINSLID'].map((rol) => ({
        id: randomUUID(),
        casusId,
        rol: rol as 'BETROKKENE',
        voornamen: 'Test',
        achternaam: 'Bench',
        bsn: null,
      })),
    ),
  });
  await db.criteriumBeoordeling.createMany({
    data: ids.flatMap((casusId) => criteriumRows(criteria, 'AANMELDING', casusId, null)),
  });
  return ids;
}

/**
 * The floor of anonymisation: the row changes of archiving and anonymising, as one bulk statement per table (no
 * archive package, no audit entries, no per-casus locks or legal-hold checks).
 */
async function bulkAnonimisering(db: Db, ids: string[]): Promise<void> {
  const nu = new Date();
  await db.$transaction(async (tx) => {
    await tx.archiefOverdracht.createMany({
      data: ids.map((casusId) => ({
        casusId,
        locatie: `BENCH-${casusId}`,
        sha256: '0'.repeat(64),
        overgedragenOp: nu,
      })),
    });
    await tx.betrokkene.updateMany({
      where: { casusId: { in: ids } },
      data: { voornamen: null, achternaam: null, geboortedatum: null, bsn: null },
    });
    await tx.criteriumBeoordeling.updateMany({ where: { casusId: { in: ids } }, data: { toelichting: null } });
    await tx.besluit.updateMany({ where: { casusId: { in: ids } }, data: { motivering: null, weigerreden: null } });
    await tx.casus.updateMany({
      where: { id: { in: ids } },
      data: {
        wettelijkeTaak: null,
        vorigeCasusId: null,
        fase: 'GEANONIMISEERD',
        gearchiveerdOp: nu,
        geanonimiseerdOp: nu,
      },
    });
  });
}

/** Runs the anonimisering sweep workflow until it finds nothing; the sweep's own batches (SWEEP_BATCH) apply. */
async function sweep(o: Omgeving): Promise<number> {
  let totaal = 0;
  for (;;) {
    const r = await o.temporal.workflow.execute('anonimiseringsSweep', {
      taskQueue: o.stack.taskQueue,
      workflowId: `bench-sweep-${randomUUID()}`,
      args: [],
    });
    const { geanonimiseerd, gevonden } = r as { geanonimiseerd: number; gevonden: number };
    totaal += geanonimiseerd;
    if (gevonden === 0 || geanonimiseerd === 0) return totaal;
  }
}

/** Lifts active global legal holds in the bench's own throwaway database (a default moratorium blocks the sweep). */
async function zonderGlobaleHolds(db: Db): Promise<number> {
  return db.$executeRaw`UPDATE legal_hold SET opgeheven_op = now(), opgeheven_door = ingesteld_door
    WHERE casus_id IS NULL AND opgeheven_op IS NULL`;
}

export interface BenchOptions {
  /** Requests per measurement with 1 client and with `clients` clients. */
  samples1: number;
  samplesN: number;
  clients: number;
  /** Casussen the sweep (and the SQL floor) anonymises. */
  sweepCasussen: number;
  progress: (line: string) => void;
}

/** `npm run bench`: the raw-Temporal floor and the product side by side on one stack; a Markdown table. */
export async function runBench(opts: BenchOptions): Promise<string> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const o = await startOmgeving({});
  const floorQueue = `bench-floor-${randomUUID().slice(0, 8)}`;
  const floorConnection = await NativeConnection.connect({ address: o.stack.temporalAddress });
  // The same payload encryption as the product: a floor without it would flatter the ratios.
  const floor = await Worker.create({
    connection: floorConnection,
    namespace: o.stack.namespace,
    taskQueue: floorQueue,
    workflowsPath: require.resolve('./floor-workflow'),
    dataConverter: dataConverter(loadPayloadCodecConfig(o.stack.env)),
  });
  const floorRun = floor.run();
  try {
    opts.progress(`bench stack up: api ${o.stack.apiUrl}, logs ${o.stack.logDir}`);
    const startFloor = async (): Promise<string> => {
      const workflowId = `floor-${randomUUID()}`;
      await o.temporal.workflow.start(floorWorkflow, { taskQueue: floorQueue, workflowId, args: [] });
      return workflowId;
    };
    const floorIds: string[] = [];
    const casusIds: string[] = [];
    // Warm-up (bundles loaded, connections open, JIT): not measured.
    for (let i = 0; i < 10; i++) {
      await o.temporal.workflow.getHandle(await startFloor()).executeUpdate(floorUpdate, { args: [i] });
      await beslisIntake(o, await registreer(o));
    }
    const rows: Array<{ naam: string; product: Meting; floor: Meting }> = [];
    for (const [clients, n] of [
      [1, opts.samples1],
      [opts.clients, opts.samplesN],
    ] as const) {
      opts.progress(`${clients} client(s): start floor and registration, ${n} each`);
      const start = await meet(n, clients, async () => floorIds.push(await startFloor()));
      const registratie = await meet(n, clients, async () => casusIds.push(await registreer(o)));
      rows.push({ naam: `registration vs start, ${clients} client(s)`, product: registratie, floor: start });
      opts.progress(`${clients} client(s): raw Update and intake decision, ${n} each`);
      const ids = floorIds.splice(0);
      const casussen = casusIds.splice(0);
      const update = await meet(n, clients, (i) =>
        o.temporal.workflow.getHandle(ids[i] as string).executeUpdate(floorUpdate, { args: [i] }),
      );
      const besluit = await meet(n, clients, (i) => beslisIntake(o, casussen[i] as string));
      rows.push({ naam: `intake decision vs Update, ${clients} client(s)`, product: besluit, floor: update });
    }

    opts.progress(`sweep: ${opts.sweepCasussen} casussen past their archiefdatum, then the bulk SQL floor on as many`);
    const geheven = await zonderGlobaleHolds(o.db);
    if (geheven > 0) opts.progress(`  lifted ${geheven} global legal hold(s) in the bench's own database`);
    await verlopenCasussen(o.db, opts.sweepCasussen);
    const t0 = performance.now();
    const geanonimiseerd = await sweep(o);
    const sweepMs = performance.now() - t0;
    if (geanonimiseerd !== opts.sweepCasussen)
      throw new Error(`the sweep anonymised ${geanonimiseerd} of ${opts.sweepCasussen}`);
    const bulkIds = await verlopenCasussen(o.db, opts.sweepCasussen);
    const t1 = performance.now();
    await bulkAnonimisering(o.db, bulkIds);
    const bulkMs = performance.now() - t1;

    const lines = [
      `Machine: ${machine()}; worker defaults (docs/worker-sizing.md).`,
      '',
      regel([
        'measured',
        'product p50 / p99 ms',
        'product /s',
        'floor p50 / p99 ms',
        'floor /s',
        'p50 ×',
        'p99 ×',
        'throughput ×',
      ]),
      regel(Array(8).fill('---')),
      ...rows.map(({ naam, product: p, floor: fl }) =>
        regel([
          naam,
          `${f(mediaan(p.ms))} / ${f(percentiel(p.ms, 99))}`,
          f(perSeconde(p), 1),
          `${f(mediaan(fl.ms))} / ${f(percentiel(fl.ms, 99))}`,
          f(perSeconde(fl), 1),
          f(mediaan(p.ms) / mediaan(fl.ms), 2),
          f(percentiel(p.ms, 99) / percentiel(fl.ms, 99), 2),
          f(perSeconde(p) / perSeconde(fl), 2),
        ]),
      ),
      regel([
        `anonymisation sweep vs bulk SQL, ${opts.sweepCasussen} casussen`,
        `${f(sweepMs)} in all`,
        `${f((opts.sweepCasussen * 60_000) / sweepMs)} /min`,
        `${f(bulkMs)} in all`,
        `${f((opts.sweepCasussen * 60_000) / bulkMs)} /min`,
        '',
        '',
        f(bulkMs / sweepMs, 3),
      ]),
    ];
    return lines.join('\n');
  } finally {
    floor.shutdown();
    await floorRun.catch(() => undefined);
    await floorConnection.close().catch(() => undefined);
    await o.stop();
  }
}

export interface CaseloadOptions {
  casussen: number;
  clients: number;
  /** Probe casussen whose intake reminder timer fires `probeSeconden` after they start (evicted meanwhile). */
  probes: number;
  probeSeconden: number;
  progress: (line: string) => void;
}

/** Probe casussen straight in the database, registered `1 day - probeSeconden` ago, their workflows started. */
async function startProbes(o: Omgeving, n: number, probeSeconden: number): Promise<{ ids: string[]; deadline: Date }> {
  const deelnemerId = `bench-probe-${randomUUID().slice(0, 8)}`;
  const medewerkerId = randomUUID();
  await o.db.deelnemer.create({ data: { id: deelnemerId, naam: 'Benchdeelnemer', type: 'OVERHEID' } });
  await o.db.medewerker.create({
    data: {
      id: medewerkerId,
      deelnemerId,
      naam: 'Bench Medewerker',
      screeningSoort: 'VOG',
      screeningDatum: new Date('2026-01-01T00:00:00Z'),
    },
  });
  // With ZVH_INTAKE_TERMIJN_DAGEN=1 the intake reminder is due one day after the aanmelding, to the millisecond.
  const deadline = new Date(Date.now() + probeSeconden * 1000);
  const aanmeldDatum = new Date(deadline.getTime() - DAY_MS);
  const ids = Array.from({ length: n }, () => randomUUID());
  for (const id of ids) {
    await o.db.$transaction(async (tx) => {
      await tx.casus.create({
        data: {
          id,
          casusnummer: `PROBE-${id}`,
          aanmelderDeelnemerId: deelnemerId,
          aanmelderMedewerkerId: medewerkerId,
          wettelijkeTaak: 'Handhaving van de openbare orde',
          aanmeldDatum,
        },
      });
      await registreerWorkflowStart(tx, casusWorkflowStart(id, 'AANMELDING'));
    });
    await startGeregistreerd(o.db, o.temporal, o.stack.taskQueue, casusWorkflowId(id));
  }
  return { ids, deadline };
}

/**
 * `npm run bench -- --caseload N`: N casussen registered and advanced (60 % in triage, 10 % not taken on, 30 % waiting
 * for the intake), the worker's RSS and the latency of a Query to an arbitrary casus (a replay once it was evicted)
 * sampled throughout, the worker killed halfway through the registrations, and probe timers checked after eviction.
 */
export async function runCaseload(opts: CaseloadOptions): Promise<string> {
  const o = await startOmgeving({ ZVH_INTAKE_TERMIJN_DAGEN: '1' });
  const worker = o.stack.processes.worker;
  const rss: Array<{ s: number; mib: number; casussen: number }> = [];
  const queryMs: number[] = [];
  const besluitMs: number[] = [];
  const ids: string[] = [];
  const t0 = Date.now();
  let meten = true;
  const sampler = (async () => {
    while (meten) {
      const mib = await rssMiB(worker.pid);
      if (mib !== undefined) rss.push({ s: (Date.now() - t0) / 1000, mib, casussen: ids.length });
      const id = ids[Math.floor(Math.random() * ids.length)];
      if (id !== undefined && worker.pid !== undefined) {
        const t = performance.now();
        const ok = await o.temporal.workflow
          .getHandle(casusWorkflowId(id))
          .query(casusStatus)
          .then(
            () => true,
            () => false,
          );
        if (ok) queryMs.push(performance.now() - t);
      }
      await new Promise((r) => setTimeout(r, 2000));
    }
  })();
  try {
    opts.progress(`caseload stack up: api ${o.stack.apiUrl}, logs ${o.stack.logDir}`);
    const probes = await startProbes(o, opts.probes, opts.probeSeconden);
    opts.progress(`${opts.probes} probe timers due at ${probes.deadline.toISOString()}`);
    let gedood: Promise<void> | undefined;
    let gedoodOp: Date | undefined;
    const dood = () => {
      if (gedood) return;
      gedoodOp = new Date();
      opts.progress(`worker: SIGKILL (pid ${worker.pid}) after ${ids.length} registrations`);
      gedood = worker
        .kill('SIGKILL')
        .then(() => opts.progress(`worker: back (pid ${worker.pid}, restarts ${worker.restarts})`));
    };
    // Halfway through the registrations, but before the probes are due, so their workflows are surely evicted.
    const uiterlijk = setTimeout(dood, Math.max(0, probes.deadline.getTime() - 20_000 - Date.now()));
    const registratie = await meet(opts.casussen, opts.clients, async () => {
      ids.push(await registreer(o, 180_000));
      if (ids.length >= opts.casussen / 2) dood();
    });
    clearTimeout(uiterlijk);
    await gedood;
    opts.progress(`registered ${ids.length}; intake decisions on 70 %`);
    const besluiten = ids.slice(0, Math.floor(ids.length * 0.7));
    const besluit = await meet(besluiten.length, opts.clients, async (i) => {
      const t = performance.now();
      await beslisIntake(o, besluiten[i] as string, i % 7 === 0 ? 'NIET_IN_BEHANDELING' : 'IN_BEHANDELING', 180_000);
      besluitMs.push(performance.now() - t);
    });
    const wacht = probes.deadline.getTime() + 30_000 - Date.now();
    if (wacht > 0) opts.progress(`waiting ${Math.ceil(wacht / 1000)} s for the probe timers`);
    await new Promise((r) => setTimeout(r, Math.max(0, wacht)));
    const herinnerd = await o.db.auditLog.findMany({
      where: { casusId: { in: probes.ids }, actie: 'casus.herinnering' },
      select: { casusId: true, tijdstip: true },
    });
    const gevuurd = new Set(herinnerd.map((h) => h.casusId));
    const telaat = herinnerd.map((h) => h.tijdstip.getTime() - probes.deadline.getTime());

    // Nothing lost: every answered registration and decision is in Postgres, and every casus has a running workflow.
    const fasen = await o.db.casus.groupBy({ by: ['fase'], where: { id: { in: ids } }, _count: true });
    const telling = Object.fromEntries(fasen.map((r) => [r.fase, r._count]));
    const verwacht = {
      TRIAGE: besluiten.filter((_, i) => i % 7 !== 0).length,
      NIET_IN_BEHANDELING: besluiten.filter((_, i) => i % 7 === 0).length,
    };
    const lopend = (await o.temporal.workflow.count('WorkflowType="casusWorkflow" AND ExecutionStatus="Running"'))
      .count;
    const alle = (await o.temporal.workflow.count('ExecutionStatus="Running"')).count;
    meten = false;
    await sampler;
    const piek = Math.max(...rss.map((r) => r.mib));
    const laatste = rss.at(-1);
    const verloop = rss
      .filter((_, i) => i % Math.max(1, Math.floor(rss.length / 12)) === 0)
      .map((r) => `${f(r.s)} s: ${f(r.mib)} MiB (${r.casussen})`);
    const lines = [
      `Machine: ${machine()}; worker defaults (docs/worker-sizing.md); ZVH_INTAKE_TERMIJN_DAGEN=1 for the probes.`,
      '',
      regel(['caseload', 'value']),
      regel(['---', '---']),
      regel([
        'casussen registered (answered 201)',
        `${ids.length} of ${opts.casussen}, ${opts.clients} clients, ${f(perSeconde(registratie), 1)} /s`,
      ]),
      regel([
        'intake decisions (answered 200)',
        `${besluiten.length}, ${f(perSeconde(besluit), 1)} /s, p50 ${f(mediaan(besluitMs))} ms, ` +
          `p99 ${f(percentiel(besluitMs, 99))} ms (retries through the worker kill included)`,
      ]),
      regel([
        'phases in Postgres',
        `${JSON.stringify(telling)}; expected ${JSON.stringify(verwacht)} besides AANMELDING`,
      ]),
      regel(['running workflows', `${lopend} casus workflows (expected ${ids.length + opts.probes}), ${alle} in all`]),
      regel(['worker RSS', `peak ${f(piek)} MiB, at the end ${f(laatste?.mib ?? Number.NaN)} MiB`]),
      regel(['worker RSS over time (s: MiB (casussen))', verloop.join('; ')]),
      regel([
        'Query to a random casus (replay when evicted)',
        `p50 ${f(mediaan(queryMs))} ms, p99 ${f(percentiel(queryMs, 99))} ms, ${queryMs.length} samples`,
      ]),
      regel(['worker killed', `${gedoodOp?.toISOString() ?? 'no'}; restarts ${worker.restarts}`]),
      regel([
        'probe timers after eviction',
        `${gevuurd.size} of ${opts.probes} fired; due ${probes.deadline.toISOString()}, ` +
          `late by at most ${f(Math.max(...telaat) / 1000, 1)} s`,
      ]),
    ];
    return lines.join('\n');
  } finally {
    meten = false;
    await sampler;
    await o.stop();
  }
}
