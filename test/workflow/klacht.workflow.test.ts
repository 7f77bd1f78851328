import { randomUUID } from 'node:crypto';
import type { WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { ParsedMail } from 'mailparser';
import type { Actor } from '../../domain/casus';
import { addDays } from '../../domain/dates';
import type { KlachtHandelingSoort } from '../../domain/klacht';
import { dateColumn, dutchCalendarDate } from '../../infra/calendar';
import type { Db } from '../../infra/db';
import type { Prisma } from '../../generated/prisma/client';
import {
  klachtHandeling,
  klachtStatus,
  klachtWorkflow,
  klachtWorkflowId,
  type KlachtStatus,
} from '../../workflows/klacht';
import { zvhFase } from '../../workflows/search-attributes';
import { createMedewerker } from '../support/fixtures';
import { historyText } from '../support/history';
import { startWorkflowEnv, type WorkflowTestEnv } from '../support/workflow-env';
import { totdatQuery, weigering } from '../support/updates';

// The Awb term of a klacht (9:11: six weeks, postponed once by four) on the time-skipping test server at its real
// length: the reminder a week before the deadline, the lapse the day after it, and a postponement that moves both.
let wf: WorkflowTestEnv;
let env: TestWorkflowEnvironment;
let db: Db;
jest.setTimeout(120_000);

const NAAM = 'Klachtwerkstroom-Achternaam';
let contactpunt: Actor;
let gewoon: Actor;

beforeAll(async () => {
  wf = await startWorkflowEnv();
  ({ env, db } = wf);
  contactpunt = { ...(await createMedewerker(db, 'OVERHEID')), deelnemerType: 'OVERHEID', rollen: ['contactpunt'] };
  gewoon = { ...(await createMedewerker(db, 'PRIVAAT')), deelnemerType: 'PRIVAAT', rollen: [] };
});

afterAll(() => wf?.stop());

type Handle = WorkflowHandleWithFirstExecutionRunId<typeof klachtWorkflow>;

/** A klacht as POST /klachten stores it, received today (the test server's clock), and its workflow. */
async function registreer() {
  const id = randomUUID();
  const ontvangenOp = dutchCalendarDate(new Date(await env.currentTimeMs()));
  const nummer = `KL-TEST-${id.slice(0, 8)}`;
  await db.klacht.create({
    data: {
      id,
      nummer,
      ontvangenOp: dateColumn(ontvangenOp),
      kanaal: 'BRIEF',
      klagerNaam: NAAM,
      klagerAdres: 'Dorpsstraat 1',
      omschrijving: `${NAAM} klaagt.`,
      deelnemerIds: [],
      deadline: dateColumn(addDays(ontvangenOp, 42)),
      medewerkerId: contactpunt.medewerkerId,
      deelnemerId: contactpunt.deelnemerId,
    },
  });
  const handle = await env.client.workflow.start(klachtWorkflow, {
    taskQueue: wf.taskQueue,
    workflowId: klachtWorkflowId(id),
    args: [{ klachtId: id }],
  });
  return { id, nummer, ontvangenOp, handle };
}

async function handel(
  handle: Handle,
  klachtId: string,
  actor: Actor,
  soort: KlachtHandelingSoort,
  gegevens: Prisma.InputJsonValue,
): Promise<KlachtStatus> {
  const handelingId = randomUUID();
  await db.klachtHandeling.create({
    data: {
      id: handelingId,
      klachtId,
      soort,
      gegevens,
      medewerkerId: actor.medewerkerId,
      deelnemerId: actor.deelnemerId,
    },
  });
  return handle.executeUpdate(klachtHandeling, { args: [{ handelingId, actor, soort }] });
}

const aan = (m: ParsedMail) => [m.to ?? []].flat().flatMap((a) => a.value.map((v) => v.address));
const berichten = (nummer: string) => wf.mail.berichten.filter((m) => m.subject?.includes(nummer));
async function wachtOpBerichten(nummer: string, aantal: number): Promise<ParsedMail[]> {
  for (let i = 0; i < 100 && berichten(nummer).length < aantal; i++) await new Promise((r) => setTimeout(r, 100));
  return berichten(nummer);
}
const totdat = (handle: Handle, klaar: (s: KlachtStatus) => boolean) => totdatQuery(handle, klachtStatus, klaar);

test('not handled in six weeks: a reminder a week before, the lapse the day after; then handled late', async () => {
  const { id, nummer, ontvangenOp, handle } = await registreer();
  const deadline = addDays(ontvangenOp, 42);
  expect(await totdat(handle, (s) => s.volgendeStap === 'HERINNERING')).toMatchObject({
    fase: 'IN_BEHANDELING',
    deadline,
  });
  expect((await handle.describe()).typedSearchAttributes.get(zvhFase)).toBe('IN_BEHANDELING');

  await env.sleep('36 days');
  const [, herinnering] = await wachtOpBerichten(nummer, 2);
  expect(herinnering?.subject).toBe(`Herinnering: klacht ${nummer} afhandelen vóór ${deadline}`);
  expect(aan(herinnering!)).toEqual(['contactpunt@zvh.test']);
  expect(await totdat(handle, (s) => s.volgendeStap === 'TERMIJN_VERSTREKEN')).toMatchObject({ deadline });

  await env.sleep('7 days');
  const [, , verstreken] = await wachtOpBerichten(nummer, 3);
  expect(verstreken?.subject).toBe(`Termijn verstreken: klacht ${nummer} niet afgehandeld`);
  expect(aan(verstreken!)).toEqual(['contactpunt@zvh.test', 'netwerkmanager@zvh.test']);
  await totdat(handle, (s) => s.volgendeStap === null);

  // Past the term a postponement is refused; only the Contactpunt handles.
  expect(await weigering(handel(handle, id, contactpunt, 'VERDAGING', { reden: 'Te laat.' }))).toBe('VERKEERDE_FASE');
  expect(await weigering(handel(handle, id, gewoon, 'AFHANDELING', { oordeel: 'ONGEGROND', bevindingen: 'x' }))).toBe(
    'NIET_BEVOEGD',
  );
  expect(
    await handel(handle, id, contactpunt, 'AFHANDELING', { oordeel: 'ONGEGROND', bevindingen: 'Geen fout gevonden.' }),
  ).toMatchObject({ fase: 'AFGEHANDELD', deadline: null });
  expect(await handle.result()).toMatchObject({ fase: 'AFGEHANDELD' });
  const mails = await wachtOpBerichten(nummer, 4);
  expect(mails.map((m) => m.subject?.split(':')[0])).toEqual([
    `Klacht ${nummer} geregistreerd`,
    'Herinnering',
    'Termijn verstreken',
    `Klacht ${nummer}`,
  ]);
  for (const m of mails) expect(m.text).not.toContain(NAAM);
  // Temporal holds ids, enums and dates only.
  expect(historyText(await handle.fetchHistory())).not.toContain(NAAM);
});

test('postponed within the term: the deadline moves four weeks, with its own reminder; handled before it', async () => {
  const { id, nummer, ontvangenOp, handle } = await registreer();
  await totdat(handle, (s) => s.volgendeStap === 'HERINNERING');
  await env.sleep('20 days');
  const nieuw = addDays(ontvangenOp, 70);
  expect(await handel(handle, id, contactpunt, 'VERDAGING', { reden: 'Onderzoek bij de deelnemer.' })).toMatchObject({
    deadline: nieuw,
    volgendeStap: 'HERINNERING',
  });
  expect(await weigering(handel(handle, id, contactpunt, 'VERDAGING', { reden: 'Nog eens.' }))).toBe('VERKEERDE_FASE');
  await env.sleep('25 days'); // past the first deadline: no lapse, the new term runs
  expect(await totdat(handle, (s) => s.volgendeStap === 'HERINNERING')).toMatchObject({ deadline: nieuw });
  await env.sleep('20 days'); // 65 days: past the new reminder
  const [, , herinnering] = await wachtOpBerichten(nummer, 3);
  expect(herinnering?.subject).toBe(`Herinnering: klacht ${nummer} afhandelen vóór ${nieuw}`);
  await handel(handle, id, contactpunt, 'AFHANDELING', { oordeel: 'GEGROND', bevindingen: 'Fout bevestigd.' });
  await handle.result();
  const mails = await wachtOpBerichten(nummer, 4);
  expect(mails.map((m) => m.subject?.split(':')[0])).toEqual([
    `Klacht ${nummer} geregistreerd`,
    `Klacht ${nummer}`, // the postponement letter waits
    'Herinnering',
    `Klacht ${nummer}`, // the outcome letter waits
  ]);
  const k = await db.klacht.findUniqueOrThrow({ where: { id }, include: { handelingen: true } });
  expect(k).toMatchObject({ verdaagd: true, oordeel: 'GEGROND' });
  expect(k.handelingen.map((h) => [h.soort, h.status])).toEqual(
    expect.arrayContaining([
      ['VERDAGING', 'VASTGESTELD'],
      ['AFHANDELING', 'VASTGESTELD'],
    ]),
  );
});
