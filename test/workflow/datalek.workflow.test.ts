import { randomUUID } from 'node:crypto';
import type { WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { ParsedMail } from 'mailparser';
import type { Actor } from '../../domain/casus';
import type { DatalekBesluitSoort } from '../../domain/datalek';
import { EncryptionCodec } from '../../infra/codec';
import type { Db } from '../../infra/db';
import type { Prisma } from '../../generated/prisma/client';
import {
  datalekBesluit,
  datalekStatus,
  datalekWorkflow,
  datalekWorkflowId,
  type DatalekStatus,
} from '../../workflows/datalek';
import { zvhFase } from '../../workflows/search-attributes';
import { createMedewerker } from '../support/fixtures';
import { historyPayloads, historyText, recordHistory, TEST_ONLY_PAYLOAD_KEYS } from '../support/history';
import { startWorkflowEnv, type WorkflowTestEnv } from '../support/workflow-env';
import { weigering, totdatQuery } from '../support/updates';

// The datalek process (AVG 33–34; Prot. 14) on the time-skipping test server at real durations: the escalation
// 24 hours before the AP's 72-hour deadline, the deadline itself, met and missed, with the mail each sends through
// the real SMTP sink. Every datalek runs to its end (handle.result()).
let wf: WorkflowTestEnv;
let env: TestWorkflowEnvironment;
let db: Db;
jest.setTimeout(120_000);

const OMSCHRIJVING = 'Brief over Datalektest-Achternaam naar het verkeerde adres gestuurd.';
const H = 3_600_000;

let contactpunt: Actor;
let gewoon: Actor;

beforeAll(async () => {
  wf = await startWorkflowEnv();
  ({ env, db } = wf);
  contactpunt = { ...(await createMedewerker(db, 'OVERHEID')), deelnemerType: 'OVERHEID', rollen: ['contactpunt'] };
  gewoon = { ...(await createMedewerker(db, 'PRIVAAT')), deelnemerType: 'PRIVAAT', rollen: [] };
});

afterAll(() => wf?.stop());

const nu = async () => new Date(await env.currentTimeMs());
type Handle = WorkflowHandleWithFirstExecutionRunId<typeof datalekWorkflow>;

/** A datalek as POST /datalekken stores it, discovered `urenGeleden` hours before now, and its workflow. */
async function meld(urenGeleden = 1) {
  const id = randomUUID();
  const gemeldOp = await nu();
  const ontdektOp = new Date(gemeldOp.getTime() - urenGeleden * H);
  const nummer = `DL-TEST-${id.slice(0, 8)}`;
  await db.datalek.create({
    data: {
      id,
      nummer,
      ontdektOp,
      gemeldOp,
      melderMedewerkerId: gewoon.medewerkerId,
      melderDeelnemerId: gewoon.deelnemerId,
      omschrijving: OMSCHRIJVING,
      aard: ['VERTROUWELIJKHEID'],
      categorieenGegevens: ['BIJZONDER'],
      categorieenBetrokkenen: ['BETROKKENE'],
      geschatAantalBetrokkenen: 1,
      versleuteld: false,
      casusIds: [],
    },
  });
  const handle = await env.client.workflow.start(datalekWorkflow, {
    taskQueue: wf.taskQueue,
    workflowId: datalekWorkflowId(id),
    args: [{ datalekId: id }],
  });
  return { id, nummer, ontdektOp, handle };
}

async function beslis(
  handle: Handle,
  datalekId: string,
  actor: Actor,
  soort: DatalekBesluitSoort,
  gegevens: Prisma.InputJsonValue,
): Promise<DatalekStatus> {
  const besluitId = randomUUID();
  await db.datalekBesluit.create({
    data: {
      id: besluitId,
      datalekId,
      soort,
      gegevens,
      medewerkerId: actor.medewerkerId,
      deelnemerId: actor.deelnemerId,
    },
  });
  return handle.executeUpdate(datalekBesluit, { args: [{ besluitId, actor, soort }] });
}
const beoordeel = (h: Handle, id: string, risico: string) =>
  beslis(h, id, contactpunt, 'BEOORDELING', { risico, motivering: 'Beoordeeld.' });
const meldAanAp = async (h: Handle, id: string) =>
  beslis(h, id, contactpunt, 'AP_MELDING', {
    gemeldOp: (await nu()).toISOString(),
    meldnummer: 'AP-123',
    redenVertraging: 'Test.',
  });
const sluitAf = (h: Handle, id: string) =>
  beslis(h, id, contactpunt, 'AFSLUITING', {
    feiten: 'Brief verkeerd bezorgd.',
    gevolgen: 'Beperkt.',
    maatregelen: 'Adrescontrole.',
  });

const informeer = async (h: Handle, id: string) =>
  beslis(h, id, contactpunt, 'BETROKKENEN_GEINFORMEERD', {
    geinformeerdOp: (await nu()).toISOString(),
    wijze: 'BRIEF',
    aantal: 1,
  });

const aan = (m: ParsedMail) => [m.to ?? []].flat().flatMap((a) => a.value.map((v) => v.address));
/** What informs the parties (Prot. 14.4–14.5), as opposed to the Contactpunt's and FG's process mail. */
const voorPartijen = (m: ParsedMail) =>
  aan(m).every((a) => a === 'partneroverleg@localhost' || a === 'stuurgroep@localhost');
const berichten = (nummer: string) => wf.mail.berichten.filter((m) => m.subject?.includes(nummer) && !voorPartijen(m));
/** Polls the mailbox: activities run in real time while the clock jumps. */
async function wachtOpBerichten(nummer: string, aantal: number): Promise<ParsedMail[]> {
  for (let i = 0; i < 100 && berichten(nummer).length < aantal; i++) await new Promise((r) => setTimeout(r, 100));
  return berichten(nummer);
}
const totdat = (handle: Handle, klaar: (s: DatalekStatus) => boolean) => totdatQuery(handle, datalekStatus, klaar);

/** No mail carries the description or the data categories of the breach. */
const zonderInhoud = (ms: ParsedMail[]) => {
  for (const m of ms) {
    expect(m.text).not.toContain('Datalektest-Achternaam');
    expect(m.text).not.toContain('BIJZONDER');
    expect(m.text).toContain('bevat bewust geen persoonsgegevens');
  }
};

test('AP notified within 72 hours: no escalation; FG told at the report and at closing', async () => {
  const { id, nummer, ontdektOp, handle } = await meld(2);
  const gemeld = await totdat(handle, (s) => s.volgendeStap === 'ESCALEREN');
  expect(gemeld).toMatchObject({
    fase: 'GEMELD',
    volgendeDeadline: new Date(ontdektOp.getTime() + 72 * H).toISOString(),
    volgendeStapOp: new Date(ontdektOp.getTime() + 48 * H).toISOString(),
  });
  expect((await handle.describe()).typedSearchAttributes.get(zvhFase)).toBe('GEMELD');

  await env.sleep('10 hours');
  expect(await beoordeel(handle, id, 'RISICO')).toMatchObject({ fase: 'AP_MELDING', volgendeStap: 'ESCALEREN' });
  await env.sleep('20 hours');
  expect(await meldAanAp(handle, id)).toMatchObject({ fase: 'AFSLUITING', volgendeDeadline: null, volgendeStap: null });
  await env.sleep('5 days'); // well past the 72 hours: nothing fires any more
  expect(await sluitAf(handle, id)).toMatchObject({ fase: 'AFGESLOTEN' });
  expect(await handle.result()).toMatchObject({ fase: 'AFGESLOTEN' });

  const mails = await wachtOpBerichten(nummer, 2);
  expect(mails.map((m) => m.subject)).toEqual([`Datalek ${nummer} gemeld`, `Datalek ${nummer} afgesloten`]);
  expect(aan(mails[0]!)).toEqual(['contactpunt@zvh.test', 'fg@zvh.test']);
  expect(aan(mails[1]!)).toEqual(['fg@zvh.test']);
  // The parties: told of the breach through the Partneroverleg, and sent a copy of the AP notification with the Stuurgroep.
  const partijen = wf.mail.berichten.filter((m) => m.subject?.includes(nummer) && voorPartijen(m));
  expect(partijen.map((m) => [m.subject, aan(m)])).toEqual([
    [`Datalek ${nummer} gemeld (ter informatie)`, ['partneroverleg@localhost']],
    [`Afschrift AP-melding datalek ${nummer}`, ['partneroverleg@localhost', 'stuurgroep@localhost']],
  ]);
  expect(partijen[1]?.text).toContain('meldnummer AP-123');
  zonderInhoud(partijen);
  zonderInhoud(mails);
  const datalek = await db.datalek.findUniqueOrThrow({ where: { id }, include: { besluiten: true } });
  expect(datalek.afgeslotenOp).not.toBeNull();
  expect(datalek.besluiten.map((b) => [b.soort, b.status])).toEqual([
    ['BEOORDELING', 'VASTGESTELD'],
    ['AP_MELDING', 'VASTGESTELD'],
    ['AFSLUITING', 'VASTGESTELD'],
  ]);
  expect(
    await db.auditLog.count({ where: { actie: 'datalek.behandelen', detail: { path: ['datalekId'], equals: id } } }),
  ).toBe(3);
  expect((await handle.describe()).typedSearchAttributes.get(zvhFase)).toBe('AFGESLOTEN');

  // Temporal holds ids, enums and dates only: the description never reaches a payload.
  const codec = new EncryptionCodec(TEST_ONLY_PAYLOAD_KEYS);
  const history = await handle.fetchHistory();
  const decoded = await codec.decode(historyPayloads(history).map((p) => p.payload));
  const text = [historyText(history), ...decoded.map((p) => Buffer.from(p.data ?? []).toString('utf8'))].join('\n');
  expect(text).toContain(id);
  expect(text).not.toContain('Datalektest-Achternaam');
  expect(text).not.toContain('Brief verkeerd bezorgd');
  await recordHistory('datalek-ap-gemeld', handle);
});

test('missed: escalation 24 hours before the deadline, the lapse at 72 hours, then a late notification with high risk', async () => {
  const { id, nummer, handle } = await meld(1);
  await env.sleep('48 hours'); // 49 h after discovery: past the escalation
  const [, escalatie] = await wachtOpBerichten(nummer, 2);
  expect(escalatie?.subject).toMatch(new RegExp(`^Escalatie: datalek ${nummer} — AP-meldtermijn verloopt`));
  expect(aan(escalatie!)).toEqual(['contactpunt@zvh.test', 'fg@zvh.test', 'netwerkmanager@zvh.test']);
  expect(escalatie!.text).toContain('Het lek is nog niet beoordeeld.');
  expect(await totdat(handle, (s) => s.volgendeStap === 'TERMIJN_VERSTREKEN')).toMatchObject({ fase: 'GEMELD' });

  await env.sleep('24 hours'); // 73 h
  const [, , verstreken] = await wachtOpBerichten(nummer, 3);
  expect(verstreken?.subject).toBe(`Termijn verstreken: datalek ${nummer} niet binnen 72 uur gemeld aan de AP`);
  expect(aan(verstreken!)).toEqual(['contactpunt@zvh.test', 'fg@zvh.test', 'netwerkmanager@zvh.test']);
  expect(await totdat(handle, (s) => s.volgendeStap === null)).toMatchObject({ fase: 'GEMELD' });

  // High risk: closing waits for the AP notification and the decision on the betrokkenen.
  expect(await beoordeel(handle, id, 'HOOG_RISICO')).toMatchObject({ fase: 'AP_MELDING' });
  expect(await weigering(sluitAf(handle, id))).toBe('VERKEERDE_FASE');
  expect(await meldAanAp(handle, id)).toMatchObject({ fase: 'BETROKKENEN' });
  expect(await weigering(sluitAf(handle, id))).toBe('VERKEERDE_FASE');
  expect(
    await beslis(handle, id, contactpunt, 'BETROKKENEN', {
      informeren: true,
      kennisgeving: 'Wij informeren u over een datalek.',
    }),
  ).toMatchObject({ fase: 'INFORMEREN' });
  expect(await weigering(sluitAf(handle, id))).toBe('VERKEERDE_FASE');
  expect(await informeer(handle, id)).toMatchObject({ fase: 'AFSLUITING' });
  await sluitAf(handle, id);
  expect(await handle.result()).toMatchObject({ fase: 'AFGESLOTEN' });
  const mails = await wachtOpBerichten(nummer, 4);
  expect(mails.map((m) => m.subject?.split(':')[0])).toEqual([
    `Datalek ${nummer} gemeld`,
    'Escalatie',
    'Termijn verstreken',
    `Datalek ${nummer} afgesloten`,
  ]);
  zonderInhoud(mails);
  // Each mail once, with a stable Message-ID.
  expect(new Set(mails.map((m) => m.messageId)).size).toBe(4);
  await recordHistory('datalek-termijn-verstreken', handle);
});

test('escalated, then notified before the deadline: no lapse is reported', async () => {
  const { id, nummer, handle } = await meld(1);
  await env.sleep('50 hours');
  await wachtOpBerichten(nummer, 2);
  await beoordeel(handle, id, 'RISICO');
  expect(await meldAanAp(handle, id)).toMatchObject({ fase: 'AFSLUITING', volgendeStap: null });
  await env.sleep('2 days');
  await sluitAf(handle, id);
  await handle.result();
  expect((await wachtOpBerichten(nummer, 3)).map((m) => m.subject?.split(':')[0])).toEqual([
    `Datalek ${nummer} gemeld`,
    'Escalatie',
    `Datalek ${nummer} afgesloten`,
  ]);
});

test('no risk: no AP notification, no timers; only the Contactpunt decides, in the right order', async () => {
  const { id, nummer, handle } = await meld(1);
  expect(await weigering(beslis(handle, id, gewoon, 'BEOORDELING', { risico: 'GEEN', motivering: 'x' }))).toBe(
    'NIET_BEVOEGD',
  );
  expect(await weigering(sluitAf(handle, id))).toBe('VERKEERDE_FASE'); // not assessed yet
  expect(await beoordeel(handle, id, 'GEEN')).toMatchObject({ fase: 'AFSLUITING' });
  expect(await weigering(beoordeel(handle, id, 'RISICO'))).toBe('VERKEERDE_FASE'); // assessed already
  expect(await weigering(meldAanAp(handle, id))).toBe('VERKEERDE_FASE'); // not required
  expect(await handle.query(datalekStatus)).toMatchObject({
    fase: 'AFSLUITING',
    volgendeDeadline: null,
    volgendeStap: null,
  });
  await env.sleep('4 days');
  await sluitAf(handle, id);
  await handle.result();
  expect((await wachtOpBerichten(nummer, 2)).map((m) => m.subject)).toEqual([
    `Datalek ${nummer} gemeld`,
    `Datalek ${nummer} afgesloten`,
  ]);
  expect(await db.datalekBesluit.count({ where: { datalekId: id, status: 'VASTGESTELD' } })).toBe(2);
});

test('reported after the deadline: the late report is flagged and the lapse reported at once, without escalation', async () => {
  const { id, nummer, handle } = await meld(80);
  const [gemeld, verstreken] = await wachtOpBerichten(nummer, 2);
  expect(gemeld?.text).toContain('De interne melding kwam later dan 24 uur na de ontdekking.');
  expect(verstreken?.subject).toMatch(/^Termijn verstreken/);
  await beoordeel(handle, id, 'GEEN');
  await sluitAf(handle, id);
  await handle.result();
  expect((await wachtOpBerichten(nummer, 3)).map((m) => m.subject?.split(':')[0])).toEqual([
    `Datalek ${nummer} gemeld`,
    'Termijn verstreken',
    `Datalek ${nummer} afgesloten`,
  ]);
});

test('decided to inform the betrokkenen: a reminder halfway, the escalation at the deadline, until it is recorded', async () => {
  const { id, nummer, handle } = await meld(1);
  await beoordeel(handle, id, 'HOOG_RISICO');
  await meldAanAp(handle, id);
  const besloten = await beslis(handle, id, contactpunt, 'BETROKKENEN', {
    informeren: true,
    kennisgeving: 'Wij informeren u over een datalek.',
  });
  const deadline = new Date((await nu()).getTime() + 3 * 24 * H);
  expect(besloten).toMatchObject({ fase: 'INFORMEREN', volgendeStap: 'INFORMEREN_HERINNERING' });
  expect(Math.abs(Date.parse(besloten.volgendeDeadline!) - deadline.getTime())).toBeLessThan(60_000);
  expect((await handle.describe()).typedSearchAttributes.get(zvhFase)).toBe('INFORMEREN');

  await env.sleep('37 hours'); // past halfway (36 h)
  const [, herinnering] = await wachtOpBerichten(nummer, 2);
  expect(herinnering?.subject).toBe(`Herinnering: betrokkenen informeren over datalek ${nummer}`);
  expect(aan(herinnering!)).toEqual(['contactpunt@zvh.test']);
  expect(await totdat(handle, (s) => s.volgendeStap === 'INFORMEREN_ESCALATIE')).toMatchObject({ fase: 'INFORMEREN' });

  await env.sleep('36 hours'); // past the deadline
  const [, , escalatie] = await wachtOpBerichten(nummer, 3);
  expect(escalatie?.subject).toBe(`Escalatie: betrokkenen van datalek ${nummer} niet tijdig geïnformeerd`);
  expect(aan(escalatie!)).toEqual(['contactpunt@zvh.test', 'fg@zvh.test', 'netwerkmanager@zvh.test']);
  expect(await totdat(handle, (s) => s.volgendeStap === null)).toMatchObject({ fase: 'INFORMEREN' });

  expect(await informeer(handle, id)).toMatchObject({ fase: 'AFSLUITING', volgendeDeadline: null });
  expect(await weigering(informeer(handle, id))).toBe('VERKEERDE_FASE');
  await sluitAf(handle, id);
  await handle.result();
  const mails = await wachtOpBerichten(nummer, 4);
  expect(mails.map((m) => m.subject?.split(':')[0])).toEqual([
    `Datalek ${nummer} gemeld`,
    'Herinnering',
    'Escalatie',
    `Datalek ${nummer} afgesloten`,
  ]);
  zonderInhoud(mails);
  await recordHistory('datalek-betrokkenen-geinformeerd', handle);
});
