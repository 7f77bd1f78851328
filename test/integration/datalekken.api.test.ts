import type { ParsedMail } from 'mailparser';
import type { Client } from '@temporalio/client';
import type { Db } from '../../infra/db';
import { datalekStatus, datalekWorkflowId } from '../../workflows/datalek';
import { createMedewerker, type Wie } from '../support/fixtures';
import { expectProblem as problem } from '../support/problem';
import { stackClients } from '../support/stack-clients';
import { call, mailMet, ok } from '../support/http';

// Datalekken (AVG 33–34; Prot. 14) over HTTP against the running API and worker, Temporal and Postgres, in real
// time, with the worker's mail landing in the stack's local mailbox (a real SMTP server). The deadline paths at real
// durations are in test/workflow/datalek.workflow.test.ts; here a datalek discovered 80 hours ago shows the lapse.
const stack = stackClients();
let db: Db;
let temporal: Client;

interface DatalekView {
  id: string;
  nummer: string;
  fase: string;
  ontdektOp: string;
  apDeadline: string;
  interneMeldingTeLaat: boolean;
  apMeldingVereist: boolean | null;
  apTermijnVerstreken: boolean;
  omschrijving?: string;
  besluiten?: Array<{ soort: string; status: string; weigerreden: string | null }>;
}

let melder: Wie;
let contactpunt: Wie;
let fg: Wie;
let operator: Wie;

beforeAll(async () => {
  ({ db, temporal } = stack);
  melder = await createMedewerker(db, 'PRIVAAT');
  contactpunt = { ...(await createMedewerker(db, 'OVERHEID')), rollen: ['contactpunt'] };
  fg = { ...(await createMedewerker(db, 'OVERHEID')), rollen: ['fg'] };
  operator = { ...(await createMedewerker(db, 'OVERHEID')), rollen: ['operator'] };
});

const OMSCHRIJVING = 'Overzicht met Lektest-Achternaam gemaild aan een verkeerde ontvanger.';
const urenGeleden = (uren: number) => new Date(Date.now() - uren * 3_600_000).toISOString();
const melding = (over: Record<string, unknown> = {}) => ({
  ontdektOp: urenGeleden(2),
  omschrijving: OMSCHRIJVING,
  aard: ['VERTROUWELIJKHEID'],
  categorieenGegevens: ['IDENTIFICEREND', 'BIJZONDER'],
  categorieenBetrokkenen: ['BETROKKENE', 'GEZINSLID'],
  geschatAantalBetrokkenen: 4,
  versleuteld: false,
  contactpersoon: 'A. de Melder, 030-1234567',
  mogelijkeMaatregelen: 'De ontvanger vragen het bericht te verwijderen.',
  mogelijkeGevolgen: 'Bekendheid van de casus bij een buitenstaander.',
  genomenMaatregelen: 'Ontvanger gebeld; adresboek gecorrigeerd.',
  ...over,
});

/** The stack's mailbox: every .eml the worker's mail produced that names this datalek, oldest first. */
const aan = (m: ParsedMail) => [m.to ?? []].flat().flatMap((a) => a.value.map((v) => v.address));

/** What a rejected request must not change: this file's datalekken and their decisions (refused ones are the record). */
const stand = async () => {
  const ours = { melderDeelnemerId: { in: [melder.deelnemerId, operator.deelnemerId] } };
  return {
    datalekken: await db.datalek.findMany({ where: ours, orderBy: { id: 'asc' } }),
    besluiten: await db.datalekBesluit.findMany({
      where: { datalek: ours, status: { not: 'GEWEIGERD' } },
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

test('the Contactpunt handles a high-risk datalek from report to register; the FG hears of it; each step logged', async () => {
  // Anyone with an account reports, operators too (they see technical breaches first).
  const d = await ok<DatalekView>(await call('POST', '/datalekken', melder, melding()), 201);
  expect(d).toMatchObject({
    fase: 'GEMELD',
    interneMeldingTeLaat: false,
    apMeldingVereist: null,
    apTermijnVerstreken: false,
    omschrijving: OMSCHRIJVING,
  });
  expect(Date.parse(d.apDeadline) - Date.parse(d.ontdektOp)).toBe(72 * 3_600_000);
  expect(d.nummer).toMatch(/^DL-\d{4}-\d{6}$/);
  await ok<DatalekView>(
    await call('POST', '/datalekken', operator, melding({ omschrijving: 'Logbestand met persoonsgegevens openbaar.' })),
    201,
  );

  // The work list with deadlines: the Contactpunt and the FG, nobody else; no description in it.
  await geweigerd(call('GET', '/datalekken', melder), 403, 'niet-bevoegd');
  const lijst = await ok<{ items: DatalekView[] }>(await call('GET', '/datalekken?open=true', contactpunt));
  expect(lijst.items.find((i) => i.id === d.id)).toMatchObject({
    nummer: d.nummer,
    fase: 'GEMELD',
    apDeadline: d.apDeadline,
  });
  expect(JSON.stringify(lijst)).not.toContain('Lektest-Achternaam');
  expect((await ok<DatalekView>(await call('GET', `/datalekken/${d.id}`, fg))).omschrijving).toBe(OMSCHRIJVING);
  await geweigerd(call('GET', `/datalekken/${d.id}`, melder), 403, 'niet-bevoegd');

  // Only the Contactpunt decides (the FG oversees), and only in the right order.
  const beoordeling = { risico: 'HOOG_RISICO', motivering: 'Bijzondere gegevens, niet versleuteld.' };
  await geweigerd(call('POST', `/datalekken/${d.id}/beoordeling`, fg, beoordeling), 403, 'niet-bevoegd');
  await geweigerd(
    call('POST', `/datalekken/${d.id}/afsluiting`, contactpunt, { feiten: 'x', gevolgen: 'x', maatregelen: 'x' }),
    409,
    'verkeerde-fase',
  );
  await geweigerd(
    call('POST', `/datalekken/${d.id}/beoordeling`, contactpunt, { ...beoordeling, risico: 'ENORM' }),
    400,
    'ongeldige-invoer',
  );
  expect(
    await ok<DatalekView>(await call('POST', `/datalekken/${d.id}/beoordeling`, contactpunt, beoordeling)),
  ).toMatchObject({ fase: 'AP_MELDING', apMeldingVereist: true });
  await geweigerd(call('POST', `/datalekken/${d.id}/beoordeling`, contactpunt, beoordeling), 409, 'verkeerde-fase');

  // The AP notification: not in the future; within 72 hours no reason of delay is needed.
  await geweigerd(
    call('POST', `/datalekken/${d.id}/ap-melding`, contactpunt, { gemeldOp: urenGeleden(-1), meldnummer: 'AP-2026-1' }),
    422,
    'datalekbesluit-geweigerd',
  );
  expect(
    await ok<DatalekView>(
      await call('POST', `/datalekken/${d.id}/ap-melding`, contactpunt, {
        gemeldOp: urenGeleden(0),
        meldnummer: 'AP-2026-1',
      }),
    ),
  ).toMatchObject({ fase: 'BETROKKENEN' });

  // A high risk: the betrokkenen are informed unless a named exception applies (Prot. 14.10 only for OM data).
  await geweigerd(
    call('POST', `/datalekken/${d.id}/betrokkenen-besluit`, contactpunt, {
      informeren: false,
      motivering: 'Liever niet.',
    }),
    422,
    'datalekbesluit-geweigerd',
  );
  await geweigerd(
    call('POST', `/datalekken/${d.id}/betrokkenen-besluit`, contactpunt, {
      informeren: false,
      uitzondering: 'PROT_14_10_OM',
      motivering: 'Onderzoek.',
    }),
    422,
    'datalekbesluit-geweigerd',
  );
  const kennisgeving = 'Beste betrokkene, op 2 november is een overzicht met uw gegevens verkeerd gemaild.';
  expect(
    await ok<DatalekView>(
      await call('POST', `/datalekken/${d.id}/betrokkenen-besluit`, contactpunt, { informeren: true, kennisgeving }),
    ),
  ).toMatchObject({ fase: 'INFORMEREN' });

  // Deciding to inform them brings a deadline (ZVH_DATALEK_BETROKKENEN_DAGEN); closing waits until it is recorded.
  const nogNiet = { feiten: 'x', gevolgen: 'x', maatregelen: 'x' };
  await geweigerd(call('POST', `/datalekken/${d.id}/afsluiting`, contactpunt, nogNiet), 409, 'verkeerde-fase');
  const geinformeerd = { geinformeerdOp: urenGeleden(0), wijze: 'BRIEF', aantal: 4 };
  await geweigerd(
    call('POST', `/datalekken/${d.id}/betrokkenen-geinformeerd`, contactpunt, {
      ...geinformeerd,
      geinformeerdOp: urenGeleden(-2),
    }),
    422,
    'datalekbesluit-geweigerd',
  );
  expect(
    await ok<DatalekView>(
      await call('POST', `/datalekken/${d.id}/betrokkenen-geinformeerd`, contactpunt, geinformeerd),
    ),
  ).toMatchObject({ fase: 'AFSLUITING' });

  const afsluiting = {
    feiten: 'Overzicht naar een verkeerde ontvanger gemaild; ontvanger heeft het verwijderd.',
    gevolgen: 'Vier personen; geen misbruik bekend.',
    maatregelen: 'Adresvalidatie in de mailclient.',
  };
  const dicht = await ok<DatalekView>(await call('POST', `/datalekken/${d.id}/afsluiting`, contactpunt, afsluiting));
  expect(dicht.fase).toBe('AFGESLOTEN');
  expect(dicht.besluiten?.filter((b) => b.status === 'VASTGESTELD').map((b) => b.soort)).toEqual([
    'BEOORDELING',
    'AP_MELDING',
    'BETROKKENEN',
    'BETROKKENEN_GEINFORMEERD',
    'AFSLUITING',
  ]);
  await expect(temporal.workflow.getHandle(datalekWorkflowId(d.id)).result()).resolves.toMatchObject({
    fase: 'AFGESLOTEN',
  });
  await geweigerd(call('POST', `/datalekken/${d.id}/afsluiting`, contactpunt, afsluiting), 409, 'verkeerde-fase');

  // The register: facts, effects, measures and the notice, never the description; JSON and CSV, FG and Contactpunt.
  await geweigerd(call('GET', '/datalekregister', melder), 403, 'niet-bevoegd');
  const register = await ok<{ items: Array<Record<string, unknown>> }>(await call('GET', '/datalekregister', fg));
  expect(register.items.find((r) => r.nummer === d.nummer)).toMatchObject({
    fase: 'AFGESLOTEN',
    risico: 'HOOG_RISICO',
    apMeldnummer: 'AP-2026-1',
    apBinnenTermijn: true,
    betrokkenenGeinformeerd: true,
    kennisgeving,
    informeerWijze: 'BRIEF',
    aantalGeinformeerd: 4,
    informerenBinnenTermijn: true,
    ...afsluiting,
    categorieenGegevens: ['IDENTIFICEREND', 'BIJZONDER'],
  });
  const csv = await call('GET', '/datalekregister', contactpunt, undefined, { accept: 'text/csv' });
  expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
  const regels = (await csv.text()).split('\r\n');
  expect(regels[0]).toMatch(/^nummer,fase,ontdektOp,/);
  expect(regels.find((r) => r.startsWith(d.nummer))).toContain('IDENTIFICEREND|BIJZONDER');
  expect(regels.join('\n')).not.toContain('Lektest-Achternaam');
  // The melder's Prot. 14.3 b–e items are in the datalek, not in the register.
  const volledig = await ok<Record<string, unknown>>(await call('GET', `/datalekken/${d.id}`, contactpunt));
  expect(volledig).toMatchObject({
    contactpersoon: 'A. de Melder, 030-1234567',
    mogelijkeGevolgen: expect.any(String),
  });
  expect(JSON.stringify(register)).not.toContain('030-1234567');

  // Mail: the report to the Contactpunt and the FG, and to the Partneroverleg (Prot. 14.4); a copy of the AP
  // notification to the Partneroverleg and the Stuurgroep (14.5); the closing to the FG; no content of the breach.
  // Sent by separate activities, so in no fixed order.
  const mails = await mailMet(d.nummer, 4);
  const ontvangen = mails.map((m) => [m.subject ?? '', aan(m)] as const);
  expect([...ontvangen].sort(([a], [b]) => a.localeCompare(b))).toEqual([
    [`Afschrift AP-melding datalek ${d.nummer}`, ['partneroverleg@localhost', 'stuurgroep@localhost']],
    [`Datalek ${d.nummer} afgesloten`, ['fg@localhost']],
    [`Datalek ${d.nummer} gemeld`, ['contactpunt@localhost', 'fg@localhost']],
    [`Datalek ${d.nummer} gemeld (ter informatie)`, ['partneroverleg@localhost']],
  ]);
  expect(mails.find((m) => m.subject?.startsWith('Afschrift AP-melding'))?.text).toContain('meldnummer AP-2026-1');
  for (const m of mails) expect(m.text).not.toMatch(/Lektest-Achternaam|BIJZONDER/);

  // Verplichte logging: the report, the reads, each accepted decision and each refusal.
  const gelogd = async (actie: string, uitkomst: 'TOEGESTAAN' | 'GEWEIGERD') =>
    db.auditLog.count({ where: { actie, uitkomst, detail: { path: ['datalekId'], equals: d.id } } });
  expect(await gelogd('datalek.melden', 'TOEGESTAAN')).toBe(1);
  expect(await gelogd('datalek.raadplegen', 'TOEGESTAAN')).toBe(2);
  expect(await gelogd('datalek.behandelen', 'TOEGESTAAN')).toBe(5);
  // 409 ×4 (closing before the informing, after closing), 422 ×4 (an informing in the future)
  expect(await gelogd('datalek.behandelen', 'GEWEIGERD')).toBe(8);
});

test('a datalek reported 80 hours after discovery: flagged late, the lapse mailed at once, a late AP notification needs its reason', async () => {
  const d = await ok<DatalekView>(
    await call(
      'POST',
      '/datalekken',
      melder,
      melding({ ontdektOp: urenGeleden(80), categorieenGegevens: ['JUSTITIEEL'] }),
    ),
    201,
  );
  expect(d).toMatchObject({ interneMeldingTeLaat: true, apTermijnVerstreken: true });
  const mails = await mailMet(d.nummer, 3);
  const met = (onderwerp: string) => mails.find((m) => m.subject?.startsWith(onderwerp));
  const [gemeld, verstreken] = [met(`Datalek ${d.nummer} gemeld`), met('Termijn verstreken')];
  expect(gemeld?.text).toContain('De interne melding kwam later dan 24 uur na de ontdekking.');
  expect(verstreken?.subject).toBe(`Termijn verstreken: datalek ${d.nummer} niet binnen 72 uur gemeld aan de AP`);
  expect(aan(verstreken!)).toEqual(['contactpunt@localhost', 'fg@localhost', 'netwerkmanager@localhost']);

  await ok<DatalekView>(
    await call('POST', `/datalekken/${d.id}/beoordeling`, contactpunt, {
      risico: 'HOOG_RISICO',
      motivering: 'OM-gegevens.',
    }),
  );
  const body = await geweigerd(
    call('POST', `/datalekken/${d.id}/ap-melding`, contactpunt, { gemeldOp: urenGeleden(0), meldnummer: 'AP-2026-2' }),
    422,
    'datalekbesluit-geweigerd',
  );
  expect(body.detail).toMatch(/reden van de vertraging/);
  await ok<DatalekView>(
    await call('POST', `/datalekken/${d.id}/ap-melding`, contactpunt, {
      gemeldOp: urenGeleden(0),
      meldnummer: 'AP-2026-2',
      redenVertraging: 'Pas na drie dagen intern gemeld.',
    }),
  );
  // OM data only: Prot. 14.10 allows leaving the betrokkenen uninformed, with the reason.
  await ok<DatalekView>(
    await call('POST', `/datalekken/${d.id}/betrokkenen-besluit`, contactpunt, {
      informeren: false,
      uitzondering: 'PROT_14_10_OM',
      motivering: 'Lopend opsporingsonderzoek.',
    }),
  );
  expect(await temporal.workflow.getHandle(datalekWorkflowId(d.id)).query(datalekStatus)).toMatchObject({
    fase: 'AFSLUITING',
    volgendeDeadline: null,
  });
  const register = await ok<{ items: Array<Record<string, unknown>> }>(
    await call('GET', '/datalekregister?formaat=json', contactpunt),
  );
  expect(register.items.find((r) => r.nummer === d.nummer)).toMatchObject({
    fase: 'AFSLUITING',
    apBinnenTermijn: false,
    redenVertraging: 'Pas na drie dagen intern gemeld.',
    uitzondering: 'PROT_14_10_OM',
    feiten: null,
  });
});

test('bad reports change nothing: 400 for the schema, 422 for a discovery in the future or an unknown casus', async () => {
  await geweigerd(call('POST', '/datalekken', melder, { ...melding(), naam: 'Jansen' }), 400, 'ongeldige-invoer');
  await geweigerd(
    call('POST', '/datalekken', melder, melding({ ontdektOp: '2026-02-30T10:00:00Z' })),
    400,
    'ongeldige-invoer',
  );
  await geweigerd(
    call('POST', '/datalekken', melder, melding({ geschatAantalBetrokkenen: -1 })),
    400,
    'ongeldige-invoer',
  );
  await geweigerd(
    call('POST', '/datalekken', melder, melding({ ontdektOp: urenGeleden(-2) })),
    422,
    'melding-geweigerd',
  );
  await geweigerd(
    call('POST', '/datalekken', melder, melding({ casusIds: ['6f1c1f9e-7f7e-4d5e-9a55-1d7a3c0e2b11'] })),
    422,
    'onbekende-casus',
  );
  await geweigerd(call('GET', '/datalekken/6f1c1f9e-7f7e-4d5e-9a55-1d7a3c0e2b11', contactpunt), 404, 'niet-gevonden');
  await geweigerd(call('GET', '/datalekken?open=misschien', contactpunt), 400, 'ongeldige-invoer');
});
