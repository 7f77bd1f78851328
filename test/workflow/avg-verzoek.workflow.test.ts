import { randomUUID } from 'node:crypto';
import type { WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { ParsedMail } from 'mailparser';
import { registreerAvgVerzoek } from '../../activities/avg-verzoek';
import { avgDeadline, type AvgHandelingSoort, type AvgVerzoekInvoer } from '../../domain/avg-verzoek';
import type { Actor } from '../../domain/casus';
import { addDays, addMonths, type IsoDate } from '../../domain/dates';
import { standaardPolicy } from '../../domain/policy';
import type { Prisma } from '../../generated/prisma/client';
import { dutchCalendarDate, dutchDayStart } from '../../infra/calendar';
import type { Db } from '../../infra/db';
import {
  avgHandeling,
  avgStatus,
  avgVerzoekWorkflow,
  avgVerzoekWorkflowId,
  type AvgStatus,
} from '../../workflows/avg-verzoek';
import { createCasus, createMedewerker } from '../support/fixtures';
import { startWorkflowEnv, type WorkflowTestEnv } from '../support/workflow-env';
import { weigering, totdatQuery } from '../support/updates';

// AVG-verzoeken (SPEC §4; AVG 12 lid 3; BGS 1.2 lid 2; Afspr. 14.3–14.4) on the time-skipping test server at real
// durations: the month, the extension, consultation terms, reminders, escalations and the UAVG 41 re-test interval.
// Mail goes to the real SMTP sink of the workflow env. Every workflow runs to its end.
let wf: WorkflowTestEnv;
let env: TestWorkflowEnvironment;
let db: Db;
jest.setTimeout(180_000);

let contactpunt: Actor;
const policy = standaardPolicy;

beforeAll(async () => {
  wf = await startWorkflowEnv();
  ({ env, db } = wf);
  contactpunt = { ...(await createMedewerker(db, 'OVERHEID')), deelnemerType: 'OVERHEID', rollen: ['contactpunt'] };
});
afterAll(() => wf?.stop());

const nu = async () => new Date(await env.currentTimeMs());
const vandaag = async (): Promise<IsoDate> => dutchCalendarDate(await nu());

/** A random BSN that passes the elfproef, so other files' casussen never match. */
function bsn(): string {
  for (;;) {
    const d = Array.from({ length: 8 }, () => Math.floor(Math.random() * 10));
    const rest = d.reduce((acc, x, i) => acc + x * (9 - i), 0) % 11;
    if (rest < 10) return [...d, rest].join('');
  }
}

const overheid = async (): Promise<Actor> => ({
  ...(await createMedewerker(db, 'OVERHEID')),
  deelnemerType: 'OVERHEID',
  rollen: [],
});

/** A casus with the requester as betrokkene, an aanmelder and a police item provided by another deelnemer. */
async function casusMet(persoon: string, { gearchiveerd = false } = {}) {
  const aanmelder = await overheid();
  const leverancier = await overheid();
  await db.deelnemer.update({
    where: { id: leverancier.deelnemerId },
    data: { contactEmail: `privacy@${leverancier.deelnemerId}.test` },
  });
  const casusId = await createCasus(db, aanmelder, await nu());
  if (gearchiveerd)
    await db.casus.update({ where: { id: casusId }, data: { gearchiveerdOp: await nu(), fase: 'GEARCHIVEERD' } });
  await db.betrokkene.create({
    data: { id: randomUUID(), casusId, rol: 'BETROKKENE', voornamen: 'Kees', achternaam: 'Verzoeker', bsn: persoon },
  });
  const gewoon = await db.gegeven.create({
    data: {
      id: randomUUID(),
      casusId,
      leverancierDeelnemerId: leverancier.deelnemerId,
      medewerkerId: leverancier.medewerkerId,
      grondslag: 'WGS 2.29',
      categorie: 'GEWOON',
      inhoud: 'Schuldhulp loopt sinds maart.',
      nietAanDeelnemers: [],
    },
  });
  const politie = await db.gegeven.create({
    data: {
      id: randomUUID(),
      casusId,
      leverancierDeelnemerId: aanmelder.deelnemerId,
      medewerkerId: aanmelder.medewerkerId,
      grondslag: 'Wpg 19',
      categorie: 'POLITIE',
      bronvermelding: 'BVH',
      inhoud: 'Politiemelding vertrouwelijk.',
      nietAanDeelnemers: [],
    },
  });
  return { casusId, aanmelder, leverancier, gewoonId: gewoon.id, politieId: politie.id };
}

async function registreer(
  persoon: string,
  soort: AvgVerzoekInvoer['soort'] = 'INZAGE',
  extra: Partial<AvgVerzoekInvoer> = {},
) {
  const ontvangenOp = await vandaag();
  const invoer = {
    soort,
    ontvangenOp,
    verzoeker: { voornamen: 'Kees', achternaam: 'Verzoeker', bsn: persoon, adres: 'Dorpsstraat 1\n1234 AB Teststad' },
    identiteit: { methode: 'BALIE_IDENTITEITSBEWIJS', datum: ontvangenOp },
    ...extra,
  } as AvgVerzoekInvoer;
  const verzoekId = await registreerAvgVerzoek(db, invoer, contactpunt, policy, await nu());
  const handle = await env.client.workflow.start(avgVerzoekWorkflow, {
    taskQueue: wf.taskQueue,
    workflowId: avgVerzoekWorkflowId(verzoekId),
    args: [{ verzoekId }],
  });
  const { verzoeknummer } = await db.avgVerzoek.findUniqueOrThrow({ where: { id: verzoekId } });
  return { verzoekId, handle, verzoeknummer, ontvangenOp };
}

type Handle = WorkflowHandleWithFirstExecutionRunId<typeof avgVerzoekWorkflow>;

async function handel(
  handle: Handle,
  verzoekId: string,
  actor: Actor,
  soort: AvgHandelingSoort,
  gegevens: Prisma.InputJsonObject,
  motivering = 'Motivering.',
): Promise<AvgStatus> {
  const handelingId = randomUUID();
  await db.avgHandeling.create({
    data: {
      id: handelingId,
      verzoekId,
      soort,
      gegevens,
      motivering,
      medewerkerId: actor.medewerkerId,
      deelnemerId: actor.deelnemerId,
    },
  });
  const uitkomst = gegevens.uitkomst as string | undefined;
  const omvang = gegevens.omvang as 'VOLLEDIG' | 'GEDEELTELIJK' | undefined;
  return handle.executeUpdate(avgHandeling, {
    args: [{ handelingId, soort, actor, ...(uitkomst ? { uitkomst } : {}), ...(omvang ? { omvang } : {}) }],
  });
}

const totdat = (handle: Handle, klaar: (s: AvgStatus) => boolean) => totdatQuery(handle, avgStatus, klaar);

const aan = (m: ParsedMail) =>
  (Array.isArray(m.to) ? m.to : m.to ? [m.to] : []).flatMap((t) => t.value.map((v) => v.address));
const berichten = (nummer: string) => wf.mail.berichten.filter((m) => m.subject?.includes(nummer));

/** Polls until the mail arrived (activities run in real time while the clock jumps). */
async function mail(nummer: string, onderwerp: RegExp, adres: string): Promise<ParsedMail> {
  for (let i = 0; i < 100; i++) {
    const m = berichten(nummer).find((b) => onderwerp.test(b.subject ?? '') && aan(b).includes(adres));
    if (m) return m;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(
    `no mail ${onderwerp} to ${adres}: ${berichten(nummer)
      .map((b) => `${b.subject} → ${aan(b).join(',')}`)
      .join(' | ')}`,
  );
}

const expectZonderPersoonsgegevens = (m: ParsedMail, persoon: string) => {
  expect(m.text).not.toContain(persoon);
  expect(m.text).not.toContain('Verzoeker');
  expect(m.text).not.toContain('Dorpsstraat');
};

test('deadline met: consultation answered, inzage granted within the month; the letter carries the export and the bezwaar clause', async () => {
  const persoon = bsn();
  const { casusId, aanmelder, leverancier, politieId } = await casusMet(persoon);
  const { verzoekId, handle, verzoeknummer, ontvangenOp } = await registreer(persoon);
  const status = await totdat(handle, (s) => s.deadline !== null);
  expect(status).toMatchObject({
    fase: 'IN_BEHANDELING',
    deadline: dutchDayStart(avgDeadline(ontvangenOp, false)).toISOString(),
  });
  // Every involved deelnemer is consulted by mail: its own address, or the Contactpunt's as fallback.
  const naarLeverancier = await mail(verzoeknummer, /^Raadpleging/, `privacy@${leverancier.deelnemerId}.test`);
  await mail(verzoeknummer, /^Raadpleging/, 'contactpunt@zvh.test');
  expectZonderPersoonsgegevens(naarLeverancier, persoon);
  expect(naarLeverancier.text).toContain(addDays(ontvangenOp, policy.avgConsultatieDagen));

  // A deelnemer not consulted may not answer; the Contactpunt may not decide while a consultation runs.
  expect(
    await weigering(handel(handle, verzoekId, await overheid(), 'CONSULTATIE_ANTWOORD', { uitkomst: 'GEEN_BEZWAAR' })),
  ).toBe('NIET_BEVOEGD');
  expect(await weigering(handel(handle, verzoekId, contactpunt, 'BESLUIT', { uitkomst: 'TOEGEWEZEN' }))).toBe(
    'REGEL_GESCHONDEN',
  );
  await handel(handle, verzoekId, aanmelder, 'CONSULTATIE_ANTWOORD', { uitkomst: 'GEEN_BEZWAAR' });
  expect(
    await weigering(handel(handle, verzoekId, aanmelder, 'CONSULTATIE_ANTWOORD', { uitkomst: 'GEEN_BEZWAAR' })),
  ).toBe('VERKEERDE_FASE');
  await handel(handle, verzoekId, leverancier, 'CONSULTATIE_ANTWOORD', { uitkomst: 'GEEN_BEZWAAR' });
  expect(await weigering(handel(handle, verzoekId, aanmelder, 'BESLUIT', { uitkomst: 'TOEGEWEZEN' }))).toBe(
    'NIET_BEVOEGD',
  );

  await env.sleep('5 days');
  const besloten = await handel(
    handle,
    verzoekId,
    contactpunt,
    'BESLUIT',
    { uitkomst: 'TOEGEWEZEN' },
    'U krijgt inzage in alle gegevens.',
  );
  expect(besloten.fase).toBe('AFGEHANDELD');
  expect(await handle.result()).toMatchObject({ fase: 'AFGEHANDELD' });

  const besluit = await db.avgHandeling.findFirstOrThrow({
    where: { verzoekId, soort: 'BESLUIT', status: 'VASTGESTELD' },
  });
  const casus = await db.casus.findUniqueOrThrow({ where: { id: casusId } });
  expect(besluit.document).toContain(casus.casusnummer);
  expect(besluit.document).toContain('Schuldhulp loopt sinds maart.');
  expect(besluit.document).toContain('binnen zes weken');
  // Police data is not disclosed but referred (Prot. 17.6).
  expect(besluit.document).not.toContain('Politiemelding vertrouwelijk.');
  expect(besluit.document).toContain('Wpg-loket');
  expect(politieId).toBeDefined();
  expect(await db.avgVerzoek.findUniqueOrThrow({ where: { id: verzoekId } })).toMatchObject({ fase: 'AFGEHANDELD' });
  // No reminder went out: everything happened in time.
  expect(berichten(verzoeknummer).filter((m) => /Herinnering|Escalatie/.test(m.subject ?? ''))).toEqual([]);
  await mail(verzoeknummer, /document klaar/, 'contactpunt@zvh.test');
  // Every read of the casus for the request is logged on the casus.
  expect(await db.auditLog.count({ where: { casusId, actie: 'avgverzoek.behandelen' } })).toBeGreaterThanOrEqual(2);
});

test('deadlines missed: consultation reminder and escalation, deadline reminder, escalation after the month', async () => {
  const persoon = bsn();
  const { leverancier } = await casusMet(persoon);
  const { verzoekId, handle, verzoeknummer, ontvangenOp } = await registreer(persoon);
  const termijn = addDays(ontvangenOp, policy.avgConsultatieDagen);
  const deadline = avgDeadline(ontvangenOp, false);

  await env.sleep(`${policy.avgConsultatieDagen + 1} days`);
  const herinnering = await mail(verzoeknummer, /^Herinnering: raadpleging/, `privacy@${leverancier.deelnemerId}.test`);
  expect(herinnering.text).toContain(termijn);
  await env.sleep(`${policy.escalatieDagen} days`);
  await mail(verzoeknummer, /^Escalatie: raadpleging/, 'contactpunt@zvh.test');
  // One escalation per deelnemer that did not answer (the aanmelder and the provider here).
  const escalaties = berichten(verzoeknummer).filter((m) => /^Escalatie: raadpleging/.test(m.subject ?? ''));
  expect(escalaties.some((m) => m.text?.includes(leverancier.deelnemerId))).toBe(true);
  for (const m of escalaties) expectZonderPersoonsgegevens(m, persoon);

  const status = await handle.query(avgStatus);
  expect(status.volgendeStap).toMatchObject({
    stap: 'DEADLINE_HERINNEREN',
    op: dutchDayStart(addDays(deadline, -policy.avgHerinneringDagen)).toISOString(),
  });
  await env.sleep(`${Math.max(1, Date.parse(status.volgendeStap!.op) - (await nu()).getTime())} ms`);
  const deadlineHerinnering = await mail(verzoeknummer, /^Herinnering: besluit/, 'contactpunt@zvh.test');
  expect(deadlineHerinnering.text).toContain(deadline);
  await env.sleep(`${policy.avgHerinneringDagen + 1} days`);
  await mail(verzoeknummer, /^Escalatie: termijn verstreken/, 'netwerkmanager@zvh.test');
  expect((await nu()).getTime()).toBeGreaterThanOrEqual(dutchDayStart(addDays(deadline, 1)).getTime());

  // Late, but still decided: the consultation term is over, so the missing answer does not block it.
  await handel(handle, verzoekId, contactpunt, 'BESLUIT', { uitkomst: 'TOEGEWEZEN' });
  expect(await handle.result()).toMatchObject({ fase: 'AFGEHANDELD' });
  // Each step went out exactly once.
  expect(berichten(verzoeknummer).filter((m) => /^Escalatie: termijn/.test(m.subject ?? ''))).toHaveLength(1);
});

test('extension once, within the first month, with the notice letter; the reminder follows the new deadline', async () => {
  const persoon = bsn();
  const { aanmelder, leverancier } = await casusMet(persoon);
  const { verzoekId, handle, verzoeknummer, ontvangenOp } = await registreer(persoon);
  await handel(handle, verzoekId, aanmelder, 'CONSULTATIE_ANTWOORD', { uitkomst: 'GEEN_BEZWAAR' });
  await handel(handle, verzoekId, leverancier, 'CONSULTATIE_ANTWOORD', { uitkomst: 'GEEN_BEZWAAR' });
  await env.sleep('20 days');
  const verlengd = await handel(
    handle,
    verzoekId,
    contactpunt,
    'VERLENGING',
    {},
    'Veel deelnemers en omvangrijke gegevens.',
  );
  const nieuw = addMonths(ontvangenOp, 3);
  expect(verlengd.deadline).toBe(dutchDayStart(nieuw).toISOString());
  expect(await weigering(handel(handle, verzoekId, contactpunt, 'VERLENGING', {}, 'Nog eens.'))).toBe(
    'REGEL_GESCHONDEN',
  );
  const brief = await db.avgHandeling.findFirstOrThrow({
    where: { verzoekId, soort: 'VERLENGING', status: 'VASTGESTELD' },
  });
  expect(brief.document).toContain(nieuw);
  expect(brief.document).toContain('Veel deelnemers en omvangrijke gegevens.');
  expect(brief.document).toContain('Verzoeker');
  await mail(verzoeknummer, /document klaar/, 'contactpunt@zvh.test');

  // Past the first month nothing was reminded yet: the reminder comes before the new deadline.
  await env.sleep('30 days');
  expect(berichten(verzoeknummer).filter((m) => /^Herinnering: besluit/.test(m.subject ?? ''))).toEqual([]);
  expect((await handle.query(avgStatus)).volgendeStap).toMatchObject({
    stap: 'DEADLINE_HERINNEREN',
    op: dutchDayStart(addDays(nieuw, -policy.avgHerinneringDagen)).toISOString(),
  });
  await env.sleep('35 days');
  await mail(verzoeknummer, /^Herinnering: besluit/, 'contactpunt@zvh.test');
  await handel(
    handle,
    verzoekId,
    contactpunt,
    'BESLUIT',
    { uitkomst: 'AFGEWEZEN' },
    'Geen gegevens die het verzoek betreffen.',
  );
  expect(await handle.result()).toMatchObject({ fase: 'AFGEHANDELD' });
});

test('an extension after the first month is refused', async () => {
  const persoon = bsn();
  await casusMet(persoon);
  const { verzoekId, handle } = await registreer(persoon);
  await env.sleep('33 days');
  expect(await weigering(handel(handle, verzoekId, contactpunt, 'VERLENGING', {}, 'Te laat.'))).toBe(
    'REGEL_GESCHONDEN',
  );
  await handel(handle, verzoekId, contactpunt, 'BESLUIT', { uitkomst: 'TOEGEWEZEN' });
  expect(await handle.result()).toMatchObject({ fase: 'AFGEHANDELD' });
});

test('UAVG 41: partial refusal with the ground recorded, re-tested on the interval, honoured when it lapses', async () => {
  const persoon = bsn();
  const { aanmelder, leverancier, gewoonId } = await casusMet(persoon);
  const { verzoekId, handle, verzoeknummer } = await registreer(persoon);
  await handel(handle, verzoekId, aanmelder, 'CONSULTATIE_ANTWOORD', { uitkomst: 'GEEN_BEZWAAR' });
  await handel(
    handle,
    verzoekId,
    leverancier,
    'CONSULTATIE_ANTWOORD',
    {
      uitkomst: 'BEROEP_UAVG41',
      grond: 'b',
      omvang: 'GEDEELTELIJK',
      gegevenIds: [gewoonId],
      categorieen: [],
      herbeoordelingsdatum: null,
    },
    'Lopend onderzoek.',
  );
  // A ground forces at most a partial grant (Afspr. 14.3).
  expect(await weigering(handel(handle, verzoekId, contactpunt, 'BESLUIT', { uitkomst: 'TOEGEWEZEN' }))).toBe(
    'REGEL_GESCHONDEN',
  );
  const deels = await handel(
    handle,
    verzoekId,
    contactpunt,
    'BESLUIT',
    { uitkomst: 'GEDEELTELIJK_TOEGEWEZEN' },
    'Inzage, behalve wat artikel 41 UAVG beschermt.',
  );
  expect(deels.fase).toBe('UAVG41_HERBEOORDELING');
  const eerste = await db.avgHandeling.findFirstOrThrow({
    where: { verzoekId, soort: 'BESLUIT', status: 'VASTGESTELD' },
  });
  expect(eerste.document).toContain('artikel 41 lid 1 sub b UAVG');
  expect(eerste.document).not.toContain('Schuldhulp loopt sinds maart.');
  const herbeoordelingOp = addMonths(await vandaag(), policy.uavg41HerbeoordelingMaanden);
  expect(deels.volgendeStap).toMatchObject({
    stap: 'HERBEOORDELEN',
    deelnemerId: leverancier.deelnemerId,
    op: dutchDayStart(herbeoordelingOp).toISOString(),
  });
  // Only that deelnemer re-tests its ground.
  expect(await weigering(handel(handle, verzoekId, aanmelder, 'HERBEOORDELING', { uitkomst: 'VERVALLEN' }))).toBe(
    'NIET_BEVOEGD',
  );

  await env.sleep(`${policy.uavg41HerbeoordelingMaanden * 31 + 1} days`);
  const vraag = await mail(verzoeknummer, /^Herbeoordeling/, `privacy@${leverancier.deelnemerId}.test`);
  expectZonderPersoonsgegevens(vraag, persoon);
  // Still holds: the next re-test one interval later.
  const nogSteeds = await handel(
    handle,
    verzoekId,
    leverancier,
    'HERBEOORDELING',
    { uitkomst: 'GROND_GELDT_NOG' },
    'Onderzoek loopt nog.',
  );
  expect(nogSteeds).toMatchObject({
    fase: 'UAVG41_HERBEOORDELING',
    volgendeStap: {
      stap: 'HERBEOORDELEN',
      op: dutchDayStart(addMonths(await vandaag(), policy.uavg41HerbeoordelingMaanden)).toISOString(),
    },
  });

  await env.sleep('30 days');
  const vervallen = await handel(
    handle,
    verzoekId,
    leverancier,
    'HERBEOORDELING',
    { uitkomst: 'VERVALLEN' },
    'Onderzoek afgerond.',
  );
  expect(vervallen.fase).toBe('AFGEHANDELD');
  expect(await handle.result()).toMatchObject({ fase: 'AFGEHANDELD' });
  const vervolg = await db.avgHandeling.findFirstOrThrow({
    where: { verzoekId, soort: 'BESLUIT', status: 'VASTGESTELD', medewerkerId: null },
  });
  expect(vervolg.gegevens).toMatchObject({ uitkomst: 'TOEGEWEZEN' });
  expect(vervolg.document).toContain('alsnog');
  expect(vervolg.document).toContain('Schuldhulp loopt sinds maart.');
  expect(
    await db.avgConsultatie.findUniqueOrThrow({
      where: { verzoekId_deelnemerId: { verzoekId, deelnemerId: leverancier.deelnemerId } },
    }),
  ).toMatchObject({ grond: 'b', omvang: 'GEDEELTELIJK', vervallenOp: expect.any(Date) });
});

test('rectificatie granted: applied to the betrokkene and passed to the aanmelder and provider (BGS 1.6)', async () => {
  const persoon = bsn();
  const { casusId, aanmelder, leverancier } = await casusMet(persoon);
  const { verzoekId, handle, verzoeknummer } = await registreer(persoon, 'RECTIFICATIE', {
    rectificatie: { achternaam: 'Verzoeker-Jansen' },
  });
  await handel(handle, verzoekId, aanmelder, 'CONSULTATIE_ANTWOORD', { uitkomst: 'GEEN_BEZWAAR' });
  await handel(handle, verzoekId, leverancier, 'CONSULTATIE_ANTWOORD', { uitkomst: 'GEEN_BEZWAAR' });
  await handel(
    handle,
    verzoekId,
    contactpunt,
    'BESLUIT',
    { uitkomst: 'TOEGEWEZEN' },
    'De achternaam was onjuist gespeld.',
  );
  expect(await handle.result()).toMatchObject({ fase: 'AFGEHANDELD' });
  expect((await db.betrokkene.findFirstOrThrow({ where: { casusId } })).achternaam).toBe('Verzoeker-Jansen');
  const melding = await mail(verzoeknummer, /rectificatie toegewezen/, `privacy@${leverancier.deelnemerId}.test`);
  expect(melding.text).toContain('1.6 BGS');
  expect(melding.text).not.toContain('Verzoeker-Jansen');
});

test('a request about an archived casus goes to the archiefbeheerder', async () => {
  const persoon = bsn();
  const { casusId } = await casusMet(persoon, { gearchiveerd: true });
  const { handle, verzoeknummer } = await registreer(persoon);
  expect(await handle.result()).toMatchObject({ fase: 'DOORGEZONDEN_ARCHIEF' });
  const m = await mail(verzoeknummer, /gearchiveerde casussen/, 'archiefbeheerder@localhost');
  expect(m.text).toContain((await db.casus.findUniqueOrThrow({ where: { id: casusId } })).casusnummer);
  expectZonderPersoonsgegevens(m, persoon);
});
