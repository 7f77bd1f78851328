import type { ParsedMail } from 'mailparser';
import type { Client } from '@temporalio/client';
import type { Db } from '../../infra/db';
import { dutchCalendarDate } from '../../infra/calendar';
import { addDays, isoDate } from '../../domain/dates';
import { klachtStatus, klachtWorkflowId } from '../../workflows/klacht';
import { createCasus, createMedewerker, type Wie } from '../support/fixtures';
import { expectProblem as problem } from '../support/problem';
import { stackClients } from '../support/stack-clients';
import { call, mailMet, ok } from '../support/http';
import { totdatQuery } from '../support/updates';

// Klachten (Awb 9; Afspr. 14.9) over HTTP against the running API and worker, in real time, with the worker's mail
// in the stack's local mailbox (a real SMTP server). The Awb term at its real length is in
// test/workflow/klacht.workflow.test.ts.
const stack = stackClients();
let db: Db;
let temporal: Client;

interface KlachtView {
  id: string;
  nummer: string;
  fase: string;
  ontvangenOp: string;
  deadline: string;
  verdaagd: boolean;
  verlopen: boolean;
  reacties: number;
  oordeel: string | null;
  klager?: { naam: string | null };
  omschrijving?: string | null;
  ontvangstbevestiging?: string | null;
  handelingen?: Array<{ soort: string; status: string; document: string | null; deelnemerId: string }>;
}

let contactpunt: Wie;
let fg: Wie;
let betrokken: Wie;
let ander: Wie;

beforeAll(async () => {
  ({ db, temporal } = stack);
  contactpunt = { ...(await createMedewerker(db, 'OVERHEID')), rollen: ['contactpunt'] };
  fg = { ...(await createMedewerker(db, 'OVERHEID')), rollen: ['fg'] };
  betrokken = await createMedewerker(db, 'PRIVAAT');
  ander = await createMedewerker(db, 'OVERHEID');
  await db.deelnemer.update({
    where: { id: betrokken.deelnemerId },
    data: { contactEmail: 'klachten@deelnemer.test' },
  });
});

const NAAM = 'Klachttest-Achternaam';
const OMSCHRIJVING = `${NAAM} klaagt dat zijn brief aan de buren is gestuurd.`;
const vandaag = () => dutchCalendarDate(new Date());
const klacht = (over: Record<string, unknown> = {}) => ({
  ontvangenOp: vandaag(),
  kanaal: 'BRIEF',
  klager: { naam: `J. ${NAAM}`, adres: 'Dorpsstraat 1\n1234 AB Ergens', email: 'klager@example.nl' },
  omschrijving: OMSCHRIJVING,
  deelnemerIds: [betrokken.deelnemerId],
  ...over,
});

const aan = (m: ParsedMail) => [m.to ?? []].flat().flatMap((a) => a.value.map((v) => v.address));

/** What a rejected request must not change: the klachten this file's Contactpunt registered, and their actions. */
const stand = async () => {
  const ours = { medewerkerId: contactpunt.medewerkerId };
  return {
    klachten: await db.klacht.findMany({ where: ours, orderBy: { id: 'asc' } }),
    handelingen: await db.klachtHandeling.findMany({
      where: { klacht: ours, status: { not: 'GEWEIGERD' } },
      orderBy: { id: 'asc' },
    }),
  };
};
async function geweigerd(verzoek: Promise<Response>, status: number, slug: string) {
  const voor = await stand();
  const body = await problem(await verzoek, status, slug);
  expect(await stand()).toEqual(voor);
  return body;
}

test('the Contactpunt registers, involves the deelnemer, postpones once and hands down the outcome; FG sees the register', async () => {
  const casusId = await createCasus(db, ander);
  const k = await ok<KlachtView>(await call('POST', '/klachten', contactpunt, klacht({ casusId })), 201);
  expect(k).toMatchObject({
    fase: 'IN_BEHANDELING',
    ontvangenOp: vandaag(),
    deadline: addDays(isoDate(vandaag()), 42),
    verdaagd: false,
    verlopen: false,
    omschrijving: OMSCHRIJVING,
  });
  expect(k.nummer).toMatch(/^KL-\d{4}-\d{6}$/);

  // The acknowledgement (Awb 9:6) is written by the workflow, for the Contactpunt to send; mail says only that.
  const [melding] = await mailMet(`Klacht ${k.nummer} geregistreerd`);
  expect(aan(melding!)).toEqual(['contactpunt@localhost']);
  expect(melding!.text).toContain(`uiterlijk ${k.deadline}`);
  const [gevraagd] = await mailMet(`Klacht ${k.nummer}: uw reactie gevraagd`);
  expect(aan(gevraagd!)).toEqual(['klachten@deelnemer.test']);
  for (const m of [melding!, gevraagd!]) {
    expect(m.text).not.toContain(NAAM);
    expect(m.text).toContain('bevat bewust geen persoonsgegevens');
  }
  const handle = temporal.workflow.getHandle(klachtWorkflowId(k.id));
  await totdatQuery(handle, klachtStatus, (s) => s.volgendeStap === 'HERINNERING');
  const geregistreerd = await ok<KlachtView>(await call('GET', `/klachten/${k.id}`, contactpunt));
  expect(geregistreerd.ontvangstbevestiging).toContain('Ontvangstbevestiging van uw klacht');
  expect(geregistreerd.ontvangstbevestiging).toContain(`uiterlijk op ${k.deadline}`);
  expect(geregistreerd.ontvangstbevestiging).toContain(NAAM);

  // Only the Contactpunt reads and handles; only a deelnemer named in the klacht reacts.
  await geweigerd(call('GET', `/klachten/${k.id}`, fg), 403, 'niet-bevoegd');
  await geweigerd(call('GET', '/klachten', betrokken), 403, 'niet-bevoegd');
  await geweigerd(call('POST', `/klachten/${k.id}/reactie`, ander, { reactie: 'Niet van ons.' }), 403, 'niet-bevoegd');
  // Both have it in their werkvoorraad: the Contactpunt until it is handled, the deelnemer until it reacted.
  type Werk = { werk: Array<{ soort: string; nummer?: string; deadline: string | null }> };
  const werkVan = async (wie: Wie) => (await ok<Werk>(await call('GET', '/werkvoorraad', wie))).werk;
  expect(await werkVan(contactpunt)).toContainEqual(
    expect.objectContaining({ soort: 'KLACHT', nummer: k.nummer, deadline: k.deadline }),
  );
  expect(await werkVan(betrokken)).toContainEqual(
    expect.objectContaining({ soort: 'KLACHT_REACTIE', nummer: k.nummer, deadline: addDays(isoDate(k.deadline), -7) }),
  );
  await ok(
    await call('POST', `/klachten/${k.id}/reactie`, betrokken, { reactie: 'Onze medewerker adresseerde fout.' }),
    201,
  );
  expect((await werkVan(betrokken)).filter((w) => w.nummer === k.nummer)).toEqual([]);
  const lijst = await ok<{ items: KlachtView[] }>(await call('GET', '/klachten?open=true', contactpunt));
  expect(lijst.items.find((i) => i.id === k.id)).toMatchObject({ nummer: k.nummer, reacties: 1 });
  expect(JSON.stringify(lijst)).not.toContain(NAAM);

  // Postponed once by four weeks, with its letter; a second time is a 409.
  const verdaagd = await ok<KlachtView>(
    await call('POST', `/klachten/${k.id}/verdaging`, contactpunt, { reden: 'De deelnemer onderzoekt het nog.' }),
  );
  expect(verdaagd).toMatchObject({ verdaagd: true, deadline: addDays(isoDate(vandaag()), 70) });
  expect(verdaagd.handelingen?.find((h) => h.soort === 'VERDAGING')?.document).toContain('ten hoogste vier weken');
  await geweigerd(
    call('POST', `/klachten/${k.id}/verdaging`, contactpunt, { reden: 'Nog eens.' }),
    409,
    'verkeerde-fase',
  );
  await geweigerd(
    call('POST', `/klachten/${k.id}/afhandeling`, contactpunt, { oordeel: 'HEEL_GEGROND' }),
    400,
    'ongeldige-invoer',
  );
  await geweigerd(
    call('POST', `/klachten/${k.id}/afhandeling`, fg, { oordeel: 'GEGROND', bevindingen: 'x' }),
    403,
    'niet-bevoegd',
  );

  const af = await ok<KlachtView>(
    await call('POST', `/klachten/${k.id}/afhandeling`, contactpunt, {
      oordeel: 'GEGROND',
      bevindingen: 'De brief is aan het verkeerde adres gestuurd.',
      conclusies: 'Adrescontrole vóór verzending.',
    }),
  );
  expect(af).toMatchObject({ fase: 'AFGEHANDELD', oordeel: 'GEGROND' });
  const brief = af.handelingen?.find((h) => h.soort === 'AFHANDELING')?.document ?? '';
  expect(brief).toContain('vinden haar gegrond');
  expect(brief).toContain('Nationale ombudsman');
  await geweigerd(call('POST', `/klachten/${k.id}/reactie`, betrokken, { reactie: 'Te laat.' }), 409, 'verkeerde-fase');
  await mailMet(`Klacht ${k.nummer}: brief klaar`, 2);
  expect(await handle.result()).toMatchObject({ fase: 'AFGEHANDELD' });

  // The register (FG and Contactpunt): facts and the judgement, never the klager or the complaint.
  await geweigerd(call('GET', '/klachten/register', betrokken), 403, 'niet-bevoegd');
  const register = await ok<{ items: Array<Record<string, unknown>> }>(await call('GET', '/klachten/register', fg));
  expect(register.items.find((i) => i.nummer === k.nummer)).toMatchObject({
    fase: 'AFGEHANDELD',
    verdaagd: true,
    binnenTermijn: true,
    oordeel: 'GEGROND',
    reacties: 1,
    casusId,
  });
  expect(JSON.stringify(register)).not.toContain(NAAM);
  const csv = await call('GET', '/klachten/register?formaat=csv', fg);
  expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
  const tekst = await csv.text();
  expect(tekst.split('\r\n')[0]).toBe(
    'nummer,fase,ontvangenOp,kanaal,deadline,verdaagd,afgehandeldOp,binnenTermijn,oordeel,deelnemerIds,reacties,casusId,avgVerzoekId,datalekId',
  );
  expect(tekst).toContain(k.nummer);
  expect(tekst).not.toContain(NAAM);

  // Every step in the verplichte logging, under the klacht's id.
  const acties = await db.auditLog.findMany({
    where: { detail: { path: ['klachtId'], equals: k.id }, actie: { not: 'klacht.bericht' } },
    orderBy: { id: 'asc' },
    select: { actie: true, uitkomst: true },
  });
  expect(acties.map((a) => a.actie)).toEqual(
    expect.arrayContaining(['klacht.registreren', 'klacht.reageren', 'klacht.behandelen']),
  );
  // The refusals once the klacht was read: the other deelnemer's reaction, the second postponement, the late reaction.
  expect(acties.filter((a) => a.uitkomst === 'GEWEIGERD')).toHaveLength(3);
});

test('a klacht about an unknown casus, AVG-verzoek or deelnemer, or received tomorrow, stores nothing', async () => {
  await geweigerd(
    call('POST', '/klachten', contactpunt, klacht({ casusId: '6f1c1f9e-7f7e-4d5e-9a55-1d7a3c0e2b11' })),
    422,
    'onbekende-verwijzing',
  );
  await geweigerd(
    call('POST', '/klachten', contactpunt, klacht({ avgVerzoekId: '6f1c1f9e-7f7e-4d5e-9a55-1d7a3c0e2b11' })),
    422,
    'onbekende-verwijzing',
  );
  await geweigerd(
    call('POST', '/klachten', contactpunt, klacht({ deelnemerIds: ['bestaat-niet'] })),
    422,
    'onbekende-verwijzing',
  );
  await geweigerd(
    call('POST', '/klachten', contactpunt, klacht({ ontvangenOp: addDays(isoDate(vandaag()), 1) })),
    400,
    'ongeldige-invoer',
  );
  await geweigerd(call('POST', '/klachten', contactpunt, { ...klacht(), bsn: '123' }), 400, 'ongeldige-invoer');
  await geweigerd(call('POST', '/klachten', betrokken, klacht()), 403, 'niet-bevoegd');
});

test('a klacht received seven weeks ago is overdue at once: the lapse reaches the Contactpunt and the netwerkmanager', async () => {
  const k = await ok<KlachtView>(
    await call(
      'POST',
      '/klachten',
      contactpunt,
      klacht({ ontvangenOp: addDays(isoDate(vandaag()), -49), deelnemerIds: [] }),
    ),
    201,
  );
  expect(k).toMatchObject({ verlopen: true, deadline: addDays(isoDate(vandaag()), -7) });
  const [verstreken] = await mailMet(`Termijn verstreken: klacht ${k.nummer} niet afgehandeld`);
  expect(aan(verstreken!)).toEqual(['contactpunt@localhost', 'netwerkmanager@localhost']);
  // The reminder was overtaken by the deadline: not sent.
  const herinneringen = await db.auditLog.count({
    where: {
      actie: 'klacht.bericht',
      detail: { path: ['klachtId'], equals: k.id },
      AND: { detail: { path: ['soort'], equals: 'HERINNERING' } },
    },
  });
  expect(herinneringen).toBe(0);
  // Postponing is only possible within the term (Awb 9:11 lid 2).
  await geweigerd(
    call('POST', `/klachten/${k.id}/verdaging`, contactpunt, { reden: 'Te laat.' }),
    409,
    'verkeerde-fase',
  );
  const af = await ok<KlachtView>(
    await call('POST', `/klachten/${k.id}/afhandeling`, contactpunt, {
      oordeel: 'ONGEGROND',
      bevindingen: 'Geen fout.',
    }),
  );
  expect(af.fase).toBe('AFGEHANDELD');
  const register = await ok<{ items: Array<Record<string, unknown>> }>(
    await call('GET', '/klachten/register', contactpunt),
  );
  expect(register.items.find((i) => i.nummer === k.nummer)).toMatchObject({ binnenTermijn: false });
});
