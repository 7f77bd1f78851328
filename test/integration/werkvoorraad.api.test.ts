import type { Rol } from '../../domain/identity';
import { aanmelding, createCasus, createMedewerker, criteria, type Wie } from '../support/fixtures';
import { call, ok, wijsAan } from '../support/http';
import { expectProblem as problem } from '../support/problem';
import { stackClients } from '../support/stack-clients';

// GET /casussen, GET /werkvoorraad and what GET /casussen/:id says comes next, over HTTP against the test stack:
// the list holds exactly the casussen the read rule lets the caller see (need-to-know per casus).
const stack = stackClients();

interface Regel {
  id: string;
  casusnummer: string;
  fase: string;
  afgeschermd: boolean;
  volgendeStap: string | null;
  volgendeDeadline: string | null;
  wachtOpMij: boolean;
}
interface Lijst {
  casussen: Regel[];
  pagina: number;
  paginaGrootte: number;
  totaal: number;
}
interface Werk {
  soort: string;
  deadline: string | null;
  teLaat: boolean;
  casusId?: string;
  casusnummer?: string;
}
interface Werkvoorraad {
  vandaag: string;
  aantallen: Record<string, number>;
  teLaat: number;
  werk: Werk[];
}

const met = (m: Wie, ...rollen: Rol[]): Wie => ({ ...m, rollen });
const aanmelden = (door: Wie) =>
  ok<{ id: string; casusnummer: string }>(call('POST', '/casussen', door, aanmelding()), 201);
const lijst = (door: Wie, query: string) => ok<Lijst>(call('GET', `/casussen?${query}`, door));
const werkvoorraad = (door: Wie) => ok<Werkvoorraad>(call('GET', '/werkvoorraad', door));
const beslis = (id: string, pad: string, door: Wie, body: unknown) =>
  ok(call('POST', `/casussen/${id}/${pad}`, door, body));
/** Retries an expectation on eventually consistent work (a side workflow records it) for up to ~10 s. */
async function binnenkort(verwachting: () => Promise<void>): Promise<void> {
  for (let poging = 1; ; poging++) {
    try {
      return await verwachting();
    } catch (err) {
      if (poging >= 100) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
const werkVoor = (w: Werkvoorraad, casusId: string) => w.werk.filter((x) => x.casusId === casusId).map((x) => x.soort);

test('the list and the werkvoorraad follow a casus through intake and triage, for exactly those who may see it', async () => {
  const politie = await createMedewerker(stack.db, 'OVERHEID');
  const gemeente = await createMedewerker(stack.db, 'OVERHEID');
  const zorg = await createMedewerker(stack.db, 'PRIVAAT');
  const casus = await aanmelden(politie);
  const opNummer = `casusnummer=${casus.casusnummer}`;

  // The aanmelder, an overheidsdeelnemer, may take the intake itself: it waits for it, and for the other
  // overheidsdeelnemers too (they assess it); a private deelnemer with no part in it does not even see it.
  const [eigen] = (await lijst(politie, opNummer)).casussen;
  expect(eigen).toMatchObject({ id: casus.id, fase: 'AANMELDING', volgendeStap: 'INTAKEBESLUIT', wachtOpMij: true });
  expect(eigen!.volgendeDeadline).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  expect((await lijst(gemeente, opNummer)).casussen.map((c) => c.id)).toEqual([casus.id]);
  expect(await lijst(zorg, opNummer)).toMatchObject({ casussen: [], totaal: 0 });
  expect(werkVoor(await werkvoorraad(politie), casus.id)).toEqual(['INTAKEBESLUIT']);
  expect(werkVoor(await werkvoorraad(gemeente), casus.id)).toEqual(['INTAKEBESLUIT']);
  expect(werkVoor(await werkvoorraad(zorg), casus.id)).toEqual([]);

  const gelezen = await ok<{ volgendeStap: string; volgendeDeadline: string; acties: string[] }>(
    call('GET', `/casussen/${casus.id}`, politie),
  );
  expect(gelezen).toMatchObject({ volgendeStap: 'INTAKEBESLUIT', volgendeDeadline: eigen!.volgendeDeadline });
  expect(gelezen.acties).toContain('casus.intakebesluit');

  await beslis(casus.id, 'intake-besluit', politie, {
    uitkomst: 'IN_BEHANDELING',
    criteria,
    motivering: 'Aannemelijk.',
  });
  expect((await lijst(politie, opNummer)).casussen[0]).toMatchObject({
    fase: 'TRIAGE',
    volgendeStap: 'EINDBEOORDELING',
  });
  expect(werkVoor(await werkvoorraad(politie), casus.id)).toEqual(['EINDBEOORDELING']);
  // The Contactpunt's work: informing the betrokkene, once the casus' informatieplicht workflow recorded it.
  const contactpunt = met(await createMedewerker(stack.db, 'OVERHEID'), 'contactpunt');
  await binnenkort(async () =>
    expect(werkVoor(await werkvoorraad(contactpunt), casus.id)).toContain('INFORMATIEPLICHT'),
  );

  // Asked for data items in the triage, the private deelnemer has a request to answer (and sees what it was asked).
  const verzoek = {
    aanDeelnemerId: zorg.deelnemerId,
    namensDeelnemerId: politie.deelnemerId,
    taak: 'Zorg',
    doel: 'Triage',
    reden: 'Nodig.',
  };
  await ok(call('POST', `/casussen/${casus.id}/informatieverzoeken`, politie, verzoek), 201);
  expect(werkVoor(await werkvoorraad(zorg), casus.id)).toEqual(['INFORMATIEVERZOEK']);
  expect((await lijst(zorg, opNummer)).casussen.map((c) => c.id)).toEqual([casus.id]);

  // After the final assessment only those in the casus see it: the other overheidsdeelnemer no longer does.
  await beslis(casus.id, 'eindbeoordeling', politie, { uitkomst: 'VOLDAAN', criteria, motivering: 'Na triage.' });
  expect((await lijst(politie, opNummer)).casussen[0]).toMatchObject({
    fase: 'SELECTIE_DEELNEMERS',
    volgendeStap: 'SELECTIE',
  });
  expect(await lijst(gemeente, opNummer)).toMatchObject({ casussen: [], totaal: 0 });
  expect(werkVoor(await werkvoorraad(gemeente), casus.id)).toEqual([]);
  await problem(await call('GET', `/casussen/${casus.id}`, gemeente), 404, 'niet-gevonden');

  // Selected, and designated by its own deelnemer, the gemeente's medewerker sees it again.
  await beslis(casus.id, 'selectie', politie, { deelnemers: [gemeente.deelnemerId] });
  await wijsAan(casus.id, gemeente);
  expect((await lijst(gemeente, opNummer)).casussen[0]).toMatchObject({
    fase: 'CASUSOVERLEG',
    volgendeStap: 'PLAN_VAN_AANPAK',
  });
  expect(werkVoor(await werkvoorraad(gemeente), casus.id)).toEqual(['PLAN_VAN_AANPAK']);
});

test('a private aanmelder sees its casus but no intake is waiting for it; paging and filters', async () => {
  const zorg = await createMedewerker(stack.db, 'PRIVAAT');
  const ids = [];
  for (let i = 0; i < 3; i++) ids.push((await aanmelden(zorg)).id);
  const van = `aanmelder=${zorg.deelnemerId}`;

  const eerste = await lijst(zorg, `${van}&paginaGrootte=2`);
  expect(eerste).toMatchObject({ pagina: 1, paginaGrootte: 2, totaal: 3 });
  const tweede = await lijst(zorg, `${van}&paginaGrootte=2&pagina=2`);
  // Newest first; together the pages hold each casus once.
  expect([...eerste.casussen, ...tweede.casussen].map((c) => c.id)).toEqual([...ids].reverse());
  expect(eerste.casussen.every((c) => c.volgendeStap === 'INTAKEBESLUIT' && !c.wachtOpMij)).toBe(true);
  expect(werkVoor(await werkvoorraad(zorg), ids[0]!)).toEqual([]);
  expect(await lijst(zorg, `${van}&wachtOpMij=true`)).toMatchObject({ totaal: 0 });
  expect(await lijst(zorg, `${van}&wachtOpMij=false`)).toMatchObject({ totaal: 3 });
  expect(await lijst(zorg, `${van}&deadlineVoor=2000-01-01`)).toMatchObject({ totaal: 0 });
  expect(await lijst(zorg, `${van}&deadlineNa=2000-01-01`)).toMatchObject({ totaal: 3 });
  expect(await lijst(zorg, `${van}&fase=TRIAGE`)).toMatchObject({ totaal: 0 });
});

test('the werkvoorraad puts the earliest deadline first and counts what is overdue', async () => {
  const politie = await createMedewerker(stack.db, 'OVERHEID');
  // Registered long ago (straight in the database, as the aanmelddatum never changes): its intake is overdue.
  const id = await createCasus(stack.db, politie, new Date('2026-01-05T10:00:00Z'));
  const w = await werkvoorraad(politie);
  const mijn = w.werk.find((x) => x.casusId === id);
  expect(mijn).toMatchObject({ soort: 'INTAKEBESLUIT', deadline: '2026-01-19', teLaat: true });
  expect(w.teLaat).toBeGreaterThanOrEqual(1);
  const deadlines = w.werk.map((x) => x.deadline).filter((d): d is string => d !== null);
  expect(deadlines).toEqual([...deadlines].sort());
  expect(w.aantallen.INTAKEBESLUIT).toBeGreaterThanOrEqual(1);
});

test('toezicht accounts see no casussen; bad query parameters are a 400 and nothing else', async () => {
  const fg = met(await createMedewerker(stack.db, 'OVERHEID'), 'fg');
  await problem(await call('GET', '/casussen', fg), 403, 'niet-bevoegd');
  const w = await werkvoorraad(fg);
  expect(w.werk.filter((x) => x.casusId !== undefined)).toEqual([]);

  const politie = await createMedewerker(stack.db, 'OVERHEID');
  for (const q of [
    'fase=ONZIN',
    'paginaGrootte=1000',
    'pagina=0',
    'deadlineVoor=2026-02-30',
    'naam=Jansen',
    'wachtOpMij=ja',
  ]) {
    await problem(await call('GET', `/casussen?${q}`, politie), 400, 'ongeldige-invoer');
  }
  await problem(await call('GET', '/werkvoorraad?soort=x', politie), 400, 'ongeldige-invoer');
  await problem(await call('GET', '/casussen'), 401, 'niet-geauthenticeerd');
});
