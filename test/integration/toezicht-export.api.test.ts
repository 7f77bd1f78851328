import { randomUUID } from 'node:crypto';
import { beleid, beoordeel, type Relatie } from '../../domain/autorisatie';
import { addDays, addYears, isoDate } from '../../domain/dates';
import { dateColumn, dutchCalendarDate } from '../../infra/calendar';
import type { Db } from '../../infra/db';
import { createCasus, createMedewerker, type Wie } from '../support/fixtures';
import { expectProblem as problem } from '../support/problem';
import { stackClients } from '../support/stack-clients';
import { call, ok } from '../support/http';

// The FG's exports for audit and DPIA (AVG 30, 35, 39) over HTTP: the authorisation matrix as the one policy judges
// it, the retention overview per casus with what is due in 30 and 90 days, and the register of processing
// activities generated from the configuration.
const stack = stackClients();
let db: Db;
let fg: Wie;
let contactpunt: Wie;
let aanmelder: Wie;

beforeAll(async () => {
  ({ db } = stack);
  fg = { ...(await createMedewerker(db, 'OVERHEID')), rollen: ['fg'] };
  contactpunt = { ...(await createMedewerker(db, 'OVERHEID')), rollen: ['contactpunt'] };
  aanmelder = await createMedewerker(db, 'OVERHEID');
});

interface Regel {
  actie: string;
  grondslag: string;
  fasen: string[] | null;
  deelnemerType: string;
  rol: string | null;
  relatie: string | null;
}

test('the authorisation matrix is the policy itself: who may do what, in which relation and phases, and why', async () => {
  await problem(await call('GET', '/toezicht/autorisatiematrix', contactpunt), 403, 'niet-bevoegd');
  const m = await ok<{ acties: Regel[]; inzage: Array<Record<string, unknown>> }>(
    await call('GET', '/toezicht/autorisatiematrix', fg),
  );
  const van = (actie: string) => m.acties.filter((r) => r.actie === actie);
  expect(van('klacht.registreren').map((r) => [r.deelnemerType, r.rol, r.relatie])).toEqual([
    ['OVERHEID', 'contactpunt', null],
    ['PRIVAAT', 'contactpunt', null],
  ]);
  expect(van('klacht.registreren')[0]?.grondslag).toBe(beleid['klacht.registreren'].grondslag);
  // Closing a casus: overheidsdeelnemers involved in it, in the casusoverleg.
  const afsluiten = van('casus.afsluiten').filter((r) => r.rol === null);
  expect(afsluiten.map((r) => [r.deelnemerType, r.relatie])).toEqual([
    ['OVERHEID', 'AANMELDER'],
    ['OVERHEID', 'GESELECTEERD'],
  ]);
  expect(afsluiten[0]?.fasen).toEqual(['CASUSOVERLEG']);
  // Every line holds to beoordeel, and every action appears.
  for (const r of m.acties.slice(0, 400)) {
    const actor = {
      medewerkerId: randomUUID(),
      deelnemerId: 'x',
      deelnemerType: r.deelnemerType as 'OVERHEID' | 'PRIVAAT',
      rollen: r.rol ? [r.rol as 'fg'] : [],
    };
    const fase = (r.fasen?.[0] ?? undefined) as Parameters<typeof beoordeel>[1]['fase'];
    expect(
      beoordeel(r.actie as 'casus.aanmelden', { actor, fase, relatie: (r.relatie ?? undefined) as Relatie | undefined })
        .toegestaan,
    ).toBe(true);
  }
  expect(new Set(m.acties.map((r) => r.actie))).toEqual(new Set(Object.keys(beleid)));
  // The read rule per phase: during intake every overheidsdeelnemer assesses; the FG only in an investigation.
  expect(m.inzage).toContainEqual({
    fase: 'AANMELDING',
    deelnemerType: 'OVERHEID',
    rol: null,
    relatie: 'GEEN',
    inzage: 'BEOORDELING',
    voorwaarde: null,
  });
  expect(m.inzage).toContainEqual(
    expect.objectContaining({ rol: 'fg', inzage: 'TOEZICHT', voorwaarde: 'TOEZICHTONDERZOEK' }),
  );
  expect(m.inzage).not.toContainEqual(expect.objectContaining({ fase: 'CASUSOVERLEG', rol: null, relatie: 'GEEN' }));

  const csv = await call('GET', '/toezicht/autorisatiematrix?formaat=csv', fg);
  expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
  const regels = (await csv.text()).trimEnd().split('\r\n');
  expect(regels[0]).toBe('actie,grondslag,fasen,deelnemerType,rol,relatie');
  expect(regels).toHaveLength(m.acties.length + 1);
  expect(regels).toContain(`casus.afsluiten,WGS 2.31 lid 8,CASUSOVERLEG,OVERHEID,,AANMELDER`);
});

test('the retention overview: per casus its archiefdatum, maximum, verlengingen and holds, and what is due soon', async () => {
  const vandaag = isoDate(dutchCalendarDate(new Date()));
  // Registered almost five years ago: the maximum falls in 20 days; another closed, its archiefdatum in 60 days.
  const bijna = await createCasus(db, aanmelder, new Date(`${addDays(addYears(vandaag, -5), 20)}T10:00:00Z`));
  await db.casus.update({ where: { id: bijna }, data: { archiefDatum: dateColumn(addDays(vandaag, 20)) } });
  const later = await createCasus(db, aanmelder, new Date(`${addYears(vandaag, -1)}T10:00:00Z`));
  await db.casus.update({
    where: { id: later },
    data: {
      fase: 'AFGESCHAALD',
      afsluitDatum: dateColumn(addDays(vandaag, -305)),
      archiefDatum: dateColumn(addDays(vandaag, 60)),
    },
  });
  await db.legalHold.create({
    data: { id: randomUUID(), casusId: later, reden: 'Lopende procedure.', ingesteldDoor: aanmelder.medewerkerId },
  });

  await problem(await call('GET', '/toezicht/bewaartermijnen', aanmelder), 403, 'niet-bevoegd');
  const o = await ok<{ peildatum: string; items: Array<Record<string, unknown>> }>(
    await call('GET', '/toezicht/bewaartermijnen', fg),
  );
  expect(o.peildatum).toBe(vandaag);
  const nummer = async (id: string) => (await db.casus.findUniqueOrThrow({ where: { id } })).casusnummer;
  const [nummerBijna, nummerLater] = [await nummer(bijna), await nummer(later)];
  expect(o.items.find((i) => i.casusnummer === nummerBijna)).toMatchObject({
    fase: 'AANMELDING',
    archiefdatum: addDays(vandaag, 20),
    maximum: addDays(vandaag, 20),
    verlengingen: 0,
    legalHolds: 0,
    dagenTotArchiefdatum: 20,
    binnen: '30_DAGEN',
  });
  expect(o.items.find((i) => i.casusnummer === nummerLater)).toMatchObject({
    fase: 'AFGESCHAALD',
    afsluitdatum: addDays(vandaag, -305),
    archiefdatum: addDays(vandaag, 60),
    legalHolds: 1,
    binnen: '90_DAGEN',
  });
  const csv = await (await call('GET', '/toezicht/bewaartermijnen', fg, undefined, { accept: 'text/csv' })).text();
  expect(csv.split('\r\n')[0]).toBe(
    'casusnummer,fase,aanmelddatum,afsluitdatum,archiefdatum,maximum,verlengingen,legalHolds,landelijkeHold,dagenTotArchiefdatum,binnen',
  );
  expect(csv).toContain(`${nummerBijna},AANMELDING,`);
  await db.legalHold.updateMany({
    where: { casusId: later },
    data: { opgehevenOp: new Date(), opgehevenDoor: aanmelder.medewerkerId },
  });
});

test('the register of processing activities (AVG 30) comes from the register, the koppelingen and the policy', async () => {
  await problem(await call('GET', '/toezicht/verwerkingsregister', contactpunt), 403, 'niet-bevoegd');
  const r = await ok<{
    verwerkingsverantwoordelijken: { deelnemers: Array<{ id: string }> };
    functionarisGegevensbescherming: string;
    verwerkingen: Array<{ naam: string; grondslag: string; bewaartermijn: string }>;
  }>(await call('GET', '/toezicht/verwerkingsregister', fg));
  expect(r.verwerkingsverantwoordelijken.deelnemers.map((d) => d.id)).toContain(aanmelder.deelnemerId);
  expect(r.functionarisGegevensbescherming.length).toBeGreaterThan(3);
  const casus = r.verwerkingen.find((v) => v.naam.startsWith('Casusverwerking'));
  expect(casus?.grondslag).toContain(beleid['casus.aanmelden'].grondslag);
  expect(casus?.bewaartermijn).toContain('afsluiting + 1 jaar');
  expect(
    await db.auditLog.count({ where: { actie: 'toezicht.exporteren', medewerkerId: fg.medewerkerId } }),
  ).toBeGreaterThanOrEqual(1);
});
