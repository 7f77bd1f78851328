import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dutchCalendarDate } from '../../infra/calendar';
import type { Db } from '../../infra/db';
import { createMedewerker, nieuwBsn, requireEnv, type Wie } from '../support/fixtures';
import { expectProblem as problem } from '../support/problem';
import { stackClients } from '../support/stack-clients';
import { call } from '../support/http';

// AVG-verzoeken over HTTP against the running API, worker, Temporal dev server, Postgres and the stack's real SMTP
// mailbox (.eml files), in real time; the dated paths (reminders, escalation, extension, re-tests) are covered by
// test/workflow/avg-verzoek.workflow.test.ts on the time-skipping server.
const stack = stackClients();
let db: Db;

beforeAll(() => {
  ({ db } = stack);
});

/** The stack's mailbox: every .eml that mentions `tekst`. */
async function mails(tekst: string, aantal: number): Promise<string[]> {
  const dir = requireEnv('ZVH_TEST_MAIL_DIR');
  for (let i = 0; i < 100; i++) {
    const found = readdirSync(dir)
      .map((f) => readFileSync(join(dir, f), 'utf8'))
      .filter((m) => m.includes(tekst));
    if (found.length >= aantal) return found;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`fewer than ${aantal} mails about ${tekst}`);
}

const vandaag = () => dutchCalendarDate(new Date());
const verzoek = (persoon: string) => ({
  soort: 'INZAGE',
  ontvangenOp: vandaag(),
  verzoeker: { voornamen: 'Anna', achternaam: 'Aanvrager', bsn: persoon, adres: 'Kerkstraat 2, 1234 AB Teststad' },
  identiteit: { methode: 'BALIE_IDENTITEITSBEWIJS', datum: vandaag() },
  toelichting: 'Ik wil weten wat u over mij weet.',
});

async function casusMet(persoon: string) {
  const aanmelder = await createMedewerker(db, 'OVERHEID');
  const casusId = randomUUID();
  await db.casus.create({
    data: {
      id: casusId,
      casusnummer: `TEST-${casusId}`,
      aanmelderDeelnemerId: aanmelder.deelnemerId,
      aanmelderMedewerkerId: aanmelder.medewerkerId,
      aanmeldDatum: new Date(),
    },
  });
  await db.betrokkene.create({
    data: { id: randomUUID(), casusId, rol: 'BETROKKENE', achternaam: 'Aanvrager', bsn: persoon },
  });
  const gegeven = await db.gegeven.create({
    data: {
      id: randomUUID(),
      casusId,
      leverancierDeelnemerId: aanmelder.deelnemerId,
      medewerkerId: aanmelder.medewerkerId,
      grondslag: 'WGS 2.29',
      categorie: 'GEWOON',
      inhoud: 'Huurachterstand sinds januari.',
      nietAanDeelnemers: [],
    },
  });
  return { casusId, aanmelder, gegevenId: gegeven.id };
}

test('register, consult, refuse a full grant under UAVG 41, decide partially; work list, inzage, register export', async () => {
  const persoon = nieuwBsn();
  const { casusId, aanmelder, gegevenId } = await casusMet(persoon);
  const contactpunt: Wie = { ...(await createMedewerker(db, 'OVERHEID')), rollen: ['contactpunt'] };
  const fg: Wie = { ...(await createMedewerker(db, 'OVERHEID')), rollen: ['fg'] };

  // Only the Contactpunt registers; a bad body is a 400 and stores nothing.
  await problem(await call('POST', '/avg-verzoeken', aanmelder, verzoek(persoon)), 403, 'niet-bevoegd');
  await problem(
    await call('POST', '/avg-verzoeken', contactpunt, {
      ...verzoek(persoon),
      verzoeker: { achternaam: 'X', bsn: '123456789', adres: 'A' },
    }),
    400,
    'ongeldige-invoer',
  );
  await problem(
    await call('POST', '/avg-verzoeken', contactpunt, { ...verzoek(persoon), ontvangenOp: '2999-01-01' }),
    400,
    'ongeldige-invoer',
  );
  expect(await db.avgVerzoek.count({ where: { bsn: persoon } })).toBe(0);

  const res = await call('POST', '/avg-verzoeken', contactpunt, verzoek(persoon));
  expect(res.status).toBe(201);
  const geregistreerd = (await res.json()) as {
    id: string;
    verzoeknummer: string;
    fase: string;
    casussen: Array<{ casusId: string }>;
    consultaties: Array<{ deelnemerId: string }>;
  };
  expect(geregistreerd).toMatchObject({
    fase: 'IN_BEHANDELING',
    casussen: [{ casusId }],
    consultaties: [{ deelnemerId: aanmelder.deelnemerId }],
  });
  const { id, verzoeknummer } = geregistreerd;

  // The consultation mail reached the deelnemer's fallback (the Contactpunt) through SMTP, without personal data.
  const [raadpleging] = await mails(`Raadpleging AVG-verzoek ${verzoeknummer}`, 1);
  expect(raadpleging).not.toContain('Aanvrager');
  expect(raadpleging).not.toContain(persoon);

  // Only a consulted deelnemer answers; it invokes UAVG 41 for one item.
  await problem(
    await call('POST', `/avg-verzoeken/${id}/consultatie-antwoord`, await createMedewerker(db, 'OVERHEID'), {
      uitkomst: 'GEEN_BEZWAAR',
    }),
    403,
    'niet-bevoegd',
  );
  await problem(
    await call('POST', `/avg-verzoeken/${id}/consultatie-antwoord`, aanmelder, {
      uitkomst: 'BEROEP_UAVG41',
      grond: 'z',
      motivering: 'x',
      omvang: 'GEDEELTELIJK',
    }),
    400,
    'ongeldige-invoer',
  );
  await problem(
    await call('POST', `/avg-verzoeken/${id}/consultatie-antwoord`, aanmelder, {
      uitkomst: 'BEROEP_UAVG41',
      grond: 'b',
      motivering: 'x',
      omvang: 'GEDEELTELIJK',
      gegevenIds: [randomUUID()],
    }),
    422,
    'onbekend-gegeven',
  );
  const antwoord = await call('POST', `/avg-verzoeken/${id}/consultatie-antwoord`, aanmelder, {
    uitkomst: 'BEROEP_UAVG41',
    grond: 'b',
    motivering: 'Lopend opsporingsonderzoek.',
    omvang: 'GEDEELTELIJK',
    gegevenIds: [gegevenId],
  });
  expect(antwoord.status).toBe(200);
  await problem(
    await call('POST', `/avg-verzoeken/${id}/consultatie-antwoord`, aanmelder, { uitkomst: 'GEEN_BEZWAAR' }),
    409,
    'verkeerde-fase',
  );

  // The work list shows the deadline; the inzage overview leaves the covered item out.
  const lijst = (await (await call('GET', '/avg-verzoeken', contactpunt)).json()) as {
    items: Array<{ id: string; deadline: string }>;
  };
  expect(lijst.items.find((i) => i.id === id)).toMatchObject({
    deadline: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
  });
  await problem(await call('GET', '/avg-verzoeken', fg), 403, 'niet-bevoegd');
  const inzage = await (await call('GET', `/avg-verzoeken/${id}/inzage`, contactpunt)).json();
  expect(JSON.stringify(inzage)).not.toContain('Huurachterstand');
  expect(inzage).toMatchObject({
    gedeeltelijkGeweigerd: { volledig: false },
    casussen: [{ casusnummer: `TEST-${casusId}` }],
  });

  // A full grant is refused (422, kept as GEWEIGERD and logged); a partial one is accepted.
  await problem(
    await call('POST', `/avg-verzoeken/${id}/besluit`, contactpunt, { uitkomst: 'TOEGEWEZEN', motivering: 'Alles.' }),
    422,
    'avg-regel',
  );
  expect(await db.avgHandeling.count({ where: { verzoekId: id, soort: 'BESLUIT', status: 'GEWEIGERD' } })).toBe(1);
  await problem(
    await call('POST', `/avg-verzoeken/${id}/besluit`, aanmelder, { uitkomst: 'AFGEWEZEN', motivering: 'Nee.' }),
    403,
    'niet-bevoegd',
  );
  const besluit = await call('POST', `/avg-verzoeken/${id}/besluit`, contactpunt, {
    uitkomst: 'GEDEELTELIJK_TOEGEWEZEN',
    motivering: 'Inzage behalve het lopende onderzoek.',
  });
  expect(besluit.status).toBe(200);
  const na = (await besluit.json()) as {
    fase: string;
    handelingen: Array<{ soort: string; status: string; document: string | null }>;
  };
  expect(na.fase).toBe('UAVG41_HERBEOORDELING');
  expect(na.handelingen.find((h) => h.soort === 'BESLUIT' && h.status === 'VASTGESTELD')?.document).toContain(
    'artikel 41 lid 1 sub b UAVG',
  );
  await mails(`AVG-verzoek ${verzoeknummer}: document klaar`, 1);

  // The register for the FG: no identity of the requester.
  const csv = await call('GET', '/avg-verzoeken/register?formaat=csv', fg);
  expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
  const tekst = await csv.text();
  expect(tekst).toContain(`${verzoeknummer},INZAGE,UAVG41_HERBEOORDELING`);
  expect(tekst).not.toContain('Aanvrager');
  expect(tekst).not.toContain(persoon);
  await problem(await call('GET', '/avg-verzoeken/register', aanmelder), 403, 'niet-bevoegd');

  // The deelnemer reports the ground lapsed: the request is honoured after all (Afspr. 14.4).
  const vervallen = await call('POST', `/avg-verzoeken/${id}/herbeoordeling`, aanmelder, {
    uitkomst: 'VERVALLEN',
    motivering: 'Onderzoek afgerond.',
  });
  expect(vervallen.status).toBe(200);
  expect(await vervallen.json()).toMatchObject({ fase: 'AFGEHANDELD' });
  await problem(
    await call('POST', `/avg-verzoeken/${id}/besluit`, contactpunt, { uitkomst: 'AFGEWEZEN', motivering: 'Nee.' }),
    409,
    'verkeerde-fase',
  );
});

test('per person: a gezinslid sees only data about him, RIEC recipients included; a granted wissen, beperking and bezwaar are carried out on the requester’s items only', async () => {
  const [ouder, kind] = [nieuwBsn(), nieuwBsn()];
  const aanmelder = await createMedewerker(db, 'OVERHEID');
  const contactpunt: Wie = { ...(await createMedewerker(db, 'OVERHEID')), rollen: ['contactpunt'] };
  const casusId = randomUUID();
  await db.casus.create({
    data: {
      id: casusId,
      casusnummer: `TEST-${casusId}`,
      aanmelderDeelnemerId: aanmelder.deelnemerId,
      aanmelderMedewerkerId: aanmelder.medewerkerId,
      aanmeldDatum: new Date(),
    },
  });
  const [betrokkeneId, kindId] = [randomUUID(), randomUUID()];
  await db.betrokkene.createMany({
    data: [
      { id: betrokkeneId, casusId, rol: 'BETROKKENE', achternaam: 'Aanvrager', bsn: ouder },
      { id: kindId, casusId, rol: 'GEZINSLID', achternaam: 'Aanvrager', bsn: kind },
    ],
  });
  const item = async (inhoud: string, categorie: 'GEWOON' | 'BIJZONDER', betrokkeneIds: string[]) =>
    (
      await db.gegeven.create({
        data: {
          id: randomUUID(),
          casusId,
          leverancierDeelnemerId: aanmelder.deelnemerId,
          medewerkerId: aanmelder.medewerkerId,
          grondslag: 'WGS 2.29',
          categorie,
          inhoud,
          nietAanDeelnemers: [],
          betrokkeneIds,
        },
      })
    ).id;
  const diagnose = await item('Diagnose van de ouder.', 'BIJZONDER', [betrokkeneId]);
  const school = await item('Schoolverzuim van het kind.', 'GEWOON', [kindId]);
  const huur = await item('Huurachterstand van het gezin.', 'GEWOON', []);
  const riec = await db.koppeling.create({
    data: { id: `riec-${randomUUID()}`, soort: 'RIEC', naam: 'RIEC Midden', kanaal: 'MAIL', email: 'riec@riec.test' },
  });
  await db.riecAfstemming.create({
    data: {
      id: randomUUID(),
      casusId,
      koppelingId: riec.id,
      onderwerp: 'Afstemming',
      toelichting: 'Over het kind.',
      gegevenIds: [school],
      medewerkerId: aanmelder.medewerkerId,
      deelnemerId: aanmelder.deelnemerId,
    },
  });
  /** Registered by the Contactpunt, the deelnemer consulted without objection: ready for a besluit. */
  const nummers = new Map<string, string>();
  const ingediend = async (soort: string, bsn: string) => {
    const r = await call('POST', '/avg-verzoeken', contactpunt, { ...verzoek(bsn), soort });
    expect(r.status).toBe(201);
    const { id, verzoeknummer } = (await r.json()) as { id: string; verzoeknummer: string };
    nummers.set(id, verzoeknummer);
    expect(
      (await call('POST', `/avg-verzoeken/${id}/consultatie-antwoord`, aanmelder, { uitkomst: 'GEEN_BEZWAAR' })).status,
    ).toBe(200);
    return id;
  };

  // INZAGE by the gezinslid: his own item only — not the ouder's diagnosis nor what is about the casus as a whole.
  const inzageId = await ingediend('INZAGE', kind);
  const inzage = (await (await call('GET', `/avg-verzoeken/${inzageId}/inzage`, contactpunt)).json()) as {
    casussen: Array<{
      rol: string;
      gegevens: Array<{ inhoud: string }>;
      ontvangers: string[];
      beoordelingen: unknown[];
    }>;
  };
  expect(inzage.casussen).toHaveLength(1);
  expect(inzage.casussen[0]).toMatchObject({ rol: 'GEZINSLID', beoordelingen: [] });
  expect(inzage.casussen[0]!.gegevens.map((g) => g.inhoud)).toEqual(['Schoolverzuim van het kind.']);
  expect(inzage.casussen[0]!.ontvangers).toContain('RIEC Midden (RIEC)');
  expect(JSON.stringify(inzage)).not.toMatch(/Diagnose|Huurachterstand/);

  // WISSEN granted for the gezinslid: his item's content is erased; the audit keeps the fact and the count only.
  const wissenId = await ingediend('WISSEN', kind);
  expect(
    (
      await call('POST', `/avg-verzoeken/${wissenId}/besluit`, contactpunt, {
        uitkomst: 'TOEGEWEZEN',
        motivering: 'Geen grond om te bewaren.',
      })
    ).status,
  ).toBe(200);
  const naWissen = await db.gegeven.findMany({ where: { casusId }, orderBy: { createdAt: 'asc' } });
  const vanId = (id: string) => naWissen.find((g) => g.id === id)!;
  expect(vanId(school).inhoud).toMatch(/^\[gewist: AVG-verzoek AVG-/);
  expect(vanId(school).verwijderdOp).not.toBeNull();
  expect([vanId(diagnose).inhoud, vanId(huur).inhoud]).toEqual([
    'Diagnose van de ouder.',
    'Huurachterstand van het gezin.',
  ]);
  const uitgevoerd = await db.auditLog.findMany({ where: { casusId, actie: 'avgverzoek.behandelen' } });
  expect(uitgevoerd.map((a) => a.detail)).toContainEqual(expect.objectContaining({ stap: 'wissen', aantal: 1 }));
  expect(JSON.stringify(uitgevoerd.map((a) => a.detail))).not.toContain('Schoolverzuim');
  // The deelnemer involved is asked by mail (real SMTP, no personal data) to carry it out in its own records.
  const [opdracht] = await mails(`AVG-verzoek ${nummers.get(wissenId)}: wissing toegewezen`, 1);
  expect(opdracht).not.toContain('Schoolverzuim');
  expect(opdracht).not.toContain('Aanvrager');

  // BEPERKING granted for the betrokkene: his items (and the casus-wide one) are marked, and no deelnemer sees them.
  const beperkingId = await ingediend('BEPERKING', ouder);
  expect(
    (
      await call('POST', `/avg-verzoeken/${beperkingId}/besluit`, contactpunt, {
        uitkomst: 'TOEGEWEZEN',
        motivering: 'Juistheid betwist.',
      })
    ).status,
  ).toBe(200);
  const beperkt = await db.gegeven.findMany({ where: { casusId, beperktOp: { not: null } }, select: { id: true } });
  expect(beperkt.map((g) => g.id).sort()).toEqual([diagnose, huur].sort());
  const view = (await (await call('GET', `/casussen/${casusId}`, aanmelder)).json()) as {
    gegevens?: Array<{ id: string }>;
  };
  expect((view.gegevens ?? []).map((g) => g.id)).not.toContain(diagnose);
  expect(JSON.stringify(view)).not.toMatch(/Diagnose|Huurachterstand/);

  // BEZWAAR granted for the gezinslid (no overriding grounds): nothing new about him is processed; about the ouder it is.
  const bezwaarId = await ingediend('BEZWAAR', kind);
  expect(
    (
      await call('POST', `/avg-verzoeken/${bezwaarId}/besluit`, contactpunt, {
        uitkomst: 'TOEGEWEZEN',
        motivering: 'Geen dwingende gerechtvaardigde gronden.',
      })
    ).status,
  ).toBe(200);
  await db.casus.update({ where: { id: casusId }, data: { fase: 'TRIAGE' } });
  const nieuw = (betrokkeneIds: string[]) =>
    call('POST', `/casussen/${casusId}/gegevens`, aanmelder, {
      grondslag: 'WGS 2.29',
      categorie: 'GEWOON',
      inhoud: 'Nieuwe melding.',
      betrokkeneIds,
    });
  await problem(await nieuw([kindId]), 422, 'bezwaar-toegewezen');
  expect((await nieuw([betrokkeneId])).status).toBe(201);
  expect(await db.gegeven.count({ where: { casusId, inhoud: 'Nieuwe melding.' } })).toBe(1);

  // A partial besluit of the Contactpunt itself removes what it withholds from the inzage and its letter; the
  // restricted item is listed to the person it is about, marked.
  const deelsId = await ingediend('INZAGE', ouder);
  const besluit = (body: Record<string, unknown>) =>
    call('POST', `/avg-verzoeken/${deelsId}/besluit`, contactpunt, body);
  await problem(
    await besluit({ uitkomst: 'TOEGEWEZEN', motivering: 'Alles.', geweigerdeGegevenIds: [huur] }),
    400,
    'ongeldige-invoer',
  );
  const deels = await besluit({
    uitkomst: 'GEDEELTELIJK_TOEGEWEZEN',
    motivering: 'De huurachterstand raakt ook de rechten van anderen.',
    geweigerdeGegevenIds: [huur],
  });
  expect(deels.status).toBe(200);
  const brief = ((await deels.json()) as { handelingen: Array<{ soort: string; document: string | null }> }).handelingen
    .filter((h) => h.soort === 'BESLUIT')
    .map((h) => h.document ?? '')
    .join('');
  expect(brief).toContain('Diagnose van de ouder.');
  expect(brief).not.toContain('Huurachterstand');
  const deelsInzage = (await (await call('GET', `/avg-verzoeken/${deelsId}/inzage`, contactpunt)).json()) as {
    casussen: Array<{ gegevens: Array<{ inhoud: string; beperkt: boolean }> }>;
  };
  expect(deelsInzage.casussen[0]!.gegevens).toEqual(
    expect.arrayContaining([expect.objectContaining({ inhoud: 'Diagnose van de ouder.', beperkt: true })]),
  );
  expect(JSON.stringify(deelsInzage)).not.toContain('Huurachterstand');
});
