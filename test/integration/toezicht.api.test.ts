import type { Rol } from '../../domain/identity';
import { aanmelding, createMedewerker, criteria, type Wie } from '../support/fixtures';
import { call, ok } from '../support/http';
import { expectProblem as problem } from '../support/problem';
import { stackClients } from '../support/stack-clients';

// The FG's oversight access (AVG 38 lid 2, 39; Prot. 24.4) over HTTP against the test stack: an investigation into one
// casus, opened with a reason, read-only, every read logged in the audit log the FG reads.
const stack = stackClients();

interface Onderzoek {
  id: string;
  casusId: string;
  casusnummer: string;
  reden: string;
  geopendOp: string;
  geslotenOp: string | null;
}
interface Gelezen {
  onderzoek: Onderzoek;
  casus: { inzage: string; afgeschermd: boolean; betrokkenen: Array<{ achternaam: string }>; besluiten: unknown[] };
}

const met = (m: Wie, ...rollen: Rol[]): Wie => ({ ...m, rollen });
const openen = (fg: Wie, casusId: string) =>
  call('POST', '/toezichtonderzoeken', fg, { casusId, reden: 'Klacht van een betrokkene over een verstrekking.' });

test('an FG reads a casus only through its own open investigation, each read logged; closed, it reads no more', async () => {
  const politie = await createMedewerker(stack.db, 'OVERHEID');
  const fg = met(await createMedewerker(stack.db, 'OVERHEID'), 'fg');
  const andereFg = met(await createMedewerker(stack.db, 'OVERHEID'), 'fg');
  const casus = await ok<{ id: string; casusnummer: string }>(call('POST', '/casussen', politie, aanmelding()), 201);
  // Rejected at the intake: afgeschermd at once, only the admin set for anyone in the casus.
  await ok(
    call('POST', `/casussen/${casus.id}/intake-besluit`, politie, {
      uitkomst: 'NIET_IN_BEHANDELING',
      criteria,
      motivering: 'Niet.',
    }),
  );
  expect(await ok(call('GET', `/casussen/${casus.id}`, politie))).toMatchObject({
    afgeschermd: true,
    fase: 'NIET_IN_BEHANDELING',
  });

  // Without an investigation the FG sees no casus content, as before.
  await problem(await call('GET', `/casussen/${casus.id}`, fg), 404, 'niet-gevonden');
  // Only an FG opens one.
  await problem(await openen(met(politie, 'procesregisseur'), casus.id), 403, 'niet-bevoegd');

  const onderzoek = await ok<Onderzoek>(openen(fg, casus.id), 201);
  expect(onderzoek).toMatchObject({ casusId: casus.id, casusnummer: casus.casusnummer, geslotenOp: null });
  const gelezen = await ok<Gelezen>(call('GET', `/toezichtonderzoeken/${onderzoek.id}/casus`, fg));
  // All of it, afgeschermd or not: whom it concerns and what was decided.
  expect(gelezen.casus).toMatchObject({ inzage: 'TOEZICHT', afgeschermd: true });
  expect(gelezen.casus.betrokkenen.map((b) => b.achternaam)).toEqual(['Jansen', 'Jansen']);
  expect(gelezen.casus.besluiten).toHaveLength(1);
  // Still no ordinary read for the FG, and another FG has no access through this investigation.
  await problem(await call('GET', `/casussen/${casus.id}`, fg), 404, 'niet-gevonden');
  await problem(await call('GET', `/toezichtonderzoeken/${onderzoek.id}/casus`, andereFg), 404, 'niet-gevonden');

  // The FG's own list: its investigations, no casus content.
  const { onderzoeken } = await ok<{ onderzoeken: Onderzoek[] }>(call('GET', '/toezichtonderzoeken', fg));
  expect(onderzoeken).toEqual([onderzoek]);
  expect(await ok(call('GET', '/toezichtonderzoeken', andereFg))).toEqual({ onderzoeken: [] });

  // Opened and read, logged with the investigation, in the audit log the FG reads.
  const { items } = await ok<{ items: Array<{ actie: string; detail: { onderzoekId: string; handeling: string } }> }>(
    call('GET', `/auditlog?casusId=${casus.id}&actie=casus.toezicht`, fg),
  );
  expect(items.map((i) => i.detail)).toEqual([
    { onderzoekId: onderzoek.id, handeling: 'GEOPEND' },
    { onderzoekId: onderzoek.id, handeling: 'GELEZEN' },
  ]);

  const gesloten = await ok<Onderzoek>(call('POST', `/toezichtonderzoeken/${onderzoek.id}/sluiting`, fg, {}));
  expect(gesloten.geslotenOp).not.toBeNull();
  await problem(await call('GET', `/toezichtonderzoeken/${onderzoek.id}/casus`, fg), 409, 'onderzoek-gesloten');
  // Closing again changes nothing.
  expect(await ok(call('POST', `/toezichtonderzoeken/${onderzoek.id}/sluiting`, fg, {}))).toEqual(gesloten);
  expect(await stack.db.auditLog.count({ where: { casusId: casus.id, actie: 'casus.toezicht' } })).toBe(3);
});

test('bad input opens nothing', async () => {
  const fg = met(await createMedewerker(stack.db, 'OVERHEID'), 'fg');
  await problem(
    await call('POST', '/toezichtonderzoeken', fg, { casusId: 'geen-uuid', reden: 'x' }),
    400,
    'ongeldige-invoer',
  );
  await problem(
    await call('POST', '/toezichtonderzoeken', fg, { casusId: crypto.randomUUID() }),
    400,
    'ongeldige-invoer',
  );
  await problem(await openen(fg, crypto.randomUUID()), 404, 'niet-gevonden');
  await problem(await call('GET', `/toezichtonderzoeken/${crypto.randomUUID()}/casus`, fg), 404, 'niet-gevonden');
  await problem(await call('GET', '/toezichtonderzoeken/geen-uuid/casus', fg), 400, 'ongeldige-invoer');
  expect(await stack.db.toezichtOnderzoek.count({ where: { medewerkerId: fg.medewerkerId } })).toBe(0);
});
