import { createHash, randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { Db } from '../../infra/db';
import { casusStatus, casusWorkflowId, casusWorkflowStart } from '../../workflows/casus';
import { aanmelding, createCasus, createMedewerker, criteria, type Wie } from '../support/fixtures';
import { call, ok } from '../support/http';
import { expectProblem as problem } from '../support/problem';
import { stackClients } from '../support/stack-clients';

// Idempotency-Key on the medewerkers' POSTs (api/idempotentie.ts) and registration that cannot strand
// (infra/workflow-start.ts), over HTTP against the running stack.
jest.setTimeout(60_000);
const stack = stackClients();
let db: Db;
let temporal: Client;
let overheid: Wie;

beforeAll(async () => {
  ({ db, temporal } = stack);
  overheid = await createMedewerker(db, 'OVERHEID');
});

const sleutel = () => `test-${randomUUID()}`;
const metSleutel = (k: string) => ({ 'idempotency-key': k });
const aanmeldenMet = (k: string, wie: Wie, body: unknown = aanmelding()) =>
  call('POST', '/casussen', wie, body, metSleutel(k));
const casussenVan = (wie: Wie) => db.casus.count({ where: { aanmelderMedewerkerId: wie.medewerkerId } });
/** The record of a kept answer, gone: as if the first request had answered 5xx or its process had died. */
const vergeetAntwoord = (wie: Wie, k: string) =>
  db.idempotentVerzoek.delete({ where: { medewerkerId_sleutel: { medewerkerId: wie.medewerkerId, sleutel: k } } });

test('a registration repeated under its key gets the same 201 and the same casus, registered once', async () => {
  const m = await createMedewerker(db, 'OVERHEID');
  const k = sleutel();
  const eerste = await aanmeldenMet(k, m);
  const body = await ok<{ id: string; casusnummer: string }>(eerste, 201);
  expect(eerste.headers.get('idempotent-replayed')).toBeNull();
  const herhaling = await aanmeldenMet(k, m);
  expect(herhaling.status).toBe(201);
  expect(herhaling.headers.get('idempotent-replayed')).toBe('true');
  expect(herhaling.headers.get('location')).toBe(`/v1/casussen/${body.id}`);
  expect(await herhaling.json()).toEqual(body);
  expect(await casussenVan(m)).toBe(1);
  expect((await temporal.workflow.getHandle(casusWorkflowId(body.id)).describe()).status.name).toBe('RUNNING');

  // The same key is another medewerker's own: it registers a casus of its own.
  const ander = await createMedewerker(db, 'OVERHEID');
  const zijne = await ok<{ id: string }>(aanmeldenMet(k, ander), 201);
  expect(zijne.id).not.toBe(body.id);
});

test('a registration whose answer was lost registers nothing twice when repeated under its key', async () => {
  const m = await createMedewerker(db, 'OVERHEID');
  const k = sleutel();
  const eerste = await ok<{ id: string }>(aanmeldenMet(k, m), 201);
  await vergeetAntwoord(m, k);
  const herhaling = await aanmeldenMet(k, m);
  expect(herhaling.headers.get('idempotent-replayed')).toBeNull(); // it ran again ...
  expect(await ok<{ id: string }>(herhaling, 201)).toMatchObject({ id: eerste.id }); // ... and found its casus
  expect(await casussenVan(m)).toBe(1);
});

test('the same key with another body is a 422 and registers nothing; an invalid key a 400', async () => {
  const m = await createMedewerker(db, 'OVERHEID');
  const k = sleutel();
  await ok(aanmeldenMet(k, m), 201);
  const anders = { ...aanmelding(), wettelijkeTaak: 'Jeugdwet, art. 2.3' };
  const body = await problem(await aanmeldenMet(k, m, anders), 422, 'idempotency-key-hergebruikt');
  expect(body.title).toBe('Idempotency-Key hergebruikt');
  // Another path under the same key is another request too.
  await problem(await call('POST', '/datalekken', m, {}, metSleutel(k)), 422, 'idempotency-key-hergebruikt');
  await problem(await aanmeldenMet('x'.repeat(256), m), 400, 'ongeldige-idempotency-key');
  await problem(await aanmeldenMet('', m), 400, 'ongeldige-idempotency-key');
  expect(await casussenVan(m)).toBe(1);
  // Without a token the key changes nothing: 401.
  await problem(
    await call('POST', '/casussen', undefined, aanmelding(), metSleutel(sleutel())),
    401,
    'niet-geauthenticeerd',
  );
});

test('a key whose first request still runs gets a 409; one whose process died is taken over', async () => {
  const m = await createMedewerker(db, 'OVERHEID');
  const k = sleutel();
  const body = aanmelding();
  const verzoekHash = createHash('sha256')
    .update(`POST /v1/casussen\n${JSON.stringify(body)}`)
    .digest('hex');
  const bezigTot = new Date(Date.now() + 60_000);
  await db.idempotentVerzoek.create({ data: { medewerkerId: m.medewerkerId, sleutel: k, verzoekHash, bezigTot } });
  await problem(await aanmeldenMet(k, m, body), 409, 'verzoek-loopt-nog');
  expect(await casussenVan(m)).toBe(0);

  const waar = { medewerkerId_sleutel: { medewerkerId: m.medewerkerId, sleutel: k } };
  await db.idempotentVerzoek.update({ where: waar, data: { bezigTot: new Date(Date.now() - 1000) } });
  await ok(aanmeldenMet(k, m, body), 201);
  expect(await casussenVan(m)).toBe(1);
});

test('a decision repeated under its key gets the same answer and is recorded once, also when its answer was lost', async () => {
  const casus = await ok<{ id: string }>(call('POST', '/casussen', overheid, aanmelding()), 201);
  const pad = `/casussen/${casus.id}/intake-besluit`;
  const besluit = { uitkomst: 'IN_BEHANDELING', criteria, motivering: 'Criteria aannemelijk.' };
  const k = sleutel();
  const eerste = await ok<{ fase: string }>(call('POST', pad, overheid, besluit, metSleutel(k)));
  expect(eerste.fase).toBe('TRIAGE');
  const herhaling = await call('POST', pad, overheid, besluit, metSleutel(k));
  expect(herhaling.headers.get('idempotent-replayed')).toBe('true');
  expect(await ok(herhaling)).toEqual(eerste);

  // The answer lost after the Update was applied: the repeat runs again and answers the casus as it stands, not
  // a 409 as if someone else had decided.
  await vergeetAntwoord(overheid, k);
  expect(await ok<{ fase: string }>(call('POST', pad, overheid, besluit, metSleutel(k)))).toMatchObject({
    fase: 'TRIAGE',
  });
  expect(await db.besluit.count({ where: { casusId: casus.id, soort: 'INTAKE' } })).toBe(1);

  // Without a key a second intake is what it always was: a decision in the wrong phase.
  await problem(await call('POST', pad, overheid, besluit), 409, 'verkeerde-fase');
});

test('a refusal is kept and replayed too, and leaves no besluit', async () => {
  // The private aanmelder sees its casus but may not take the intake: a 403 (someone who may not see it gets a 404).
  const privaat = await createMedewerker(db, 'PRIVAAT');
  const casus = await ok<{ id: string }>(call('POST', '/casussen', privaat, aanmelding()), 201);
  const pad = `/casussen/${casus.id}/intake-besluit`;
  const k = sleutel();
  const besluit = { uitkomst: 'IN_BEHANDELING', criteria };
  const eerste = await problem(await call('POST', pad, privaat, besluit, metSleutel(k)), 403, 'niet-bevoegd');
  const herhaling = await call('POST', pad, privaat, besluit, metSleutel(k));
  expect(herhaling.headers.get('idempotent-replayed')).toBe('true');
  expect(await problem(herhaling, 403, 'niet-bevoegd')).toEqual(eerste);
  expect(await db.besluit.count({ where: { casusId: casus.id } })).toBe(0);
});

test('a decision on a casus registered while Temporal was away starts its workflow first', async () => {
  // Stored as the API stores it, with its outbox entry, but never started.
  const casusId = await createCasus(db, overheid);
  await db.workflowStart.create({ data: casusWorkflowStart(casusId, 'AANMELDING') });
  const res = await call('POST', `/casussen/${casusId}/intake-besluit`, overheid, {
    uitkomst: 'IN_BEHANDELING',
    criteria,
  });
  expect(await ok(res)).toMatchObject({ fase: 'TRIAGE' });
  expect((await temporal.workflow.getHandle(casusWorkflowId(casusId)).query(casusStatus)).fase).toBe('TRIAGE');
  expect(
    (await db.workflowStart.findUniqueOrThrow({ where: { workflowId: casusWorkflowId(casusId) } })).gestartOp,
  ).not.toBeNull();
});

describe('every creating POST repeated under its key after a lost answer finds what its first run made', () => {
  const vandaag = () => new Date().toISOString().slice(0, 10);
  const uniek = () => randomUUID().slice(0, 8);
  const V1 = [{ code: 'REGIO', omschrijving: 'Actief in de regio' }];
  const metRol = async (rol: 'archiefbeheerder' | 'systeembeheerder'): Promise<Wie> => ({
    ...(await createMedewerker(db, 'OVERHEID')),
    rollen: [rol],
  });
  /** The path and body of the creation, and how many rows it made (one, however often it ran). */
  type Geval = { pad: string; body: unknown; wie: Wie; rijen: () => Promise<number> };
  const gevallen: Record<string, () => Promise<Geval>> = {
    'a TopX list': async () => {
      const naam = `Top idempotent ${uniek()}`;
      return {
        pad: '/topx-lijsten',
        body: { naam, omschrijving: 'Lijst voor de idempotentietest.' },
        wie: overheid,
        rijen: () => db.topxLijst.count({ where: { naam } }),
      };
    },
    'a criteria version': async () => {
      const lijst = await ok<{ id: string }>(
        call('POST', '/topx-lijsten', overheid, { naam: `Top ${uniek()}`, omschrijving: 'Lijst.' }),
        201,
      );
      const rijen = () => db.topxCriteriaVersie.count({ where: { lijstId: lijst.id } });
      return {
        pad: `/topx-lijsten/${lijst.id}/criteria`,
        body: { criteria: V1, ingangsdatum: vandaag() },
        wie: overheid,
        rijen,
      };
    },
    'a legal hold': async () => {
      const casusId = await createCasus(db, overheid);
      const body = { casusId, reden: 'Verzoek van de rechtbank.' };
      return {
        pad: '/legal-holds',
        body,
        wie: await metRol('archiefbeheerder'),
        rijen: () => db.legalHold.count({ where: { casusId } }),
      };
    },
    'a deelnemer': async () => {
      const id = `idem-${uniek()}`;
      const body = { id, naam: 'Stichting Idempotent', type: 'PRIVAAT' };
      return {
        pad: '/deelnemers',
        body,
        wie: await metRol('systeembeheerder'),
        rijen: () => db.deelnemer.count({ where: { id } }),
      };
    },
    'a medewerker (id derived from the key)': async () => {
      const { deelnemerId } = await createMedewerker(db, 'PRIVAAT');
      const body = { naam: 'C. Idempotent', deelnemerId };
      return {
        pad: '/medewerkers',
        body,
        wie: await metRol('systeembeheerder'),
        rijen: () => db.medewerker.count({ where: { deelnemerId, naam: body.naam } }),
      };
    },
    'a koppeling (its generated key given again)': async () => {
      const id = `idem-${uniek()}`;
      const body = { id, naam: 'ZVH Idempotent', soort: 'ZVH', kanaal: 'HTTPS', url: `https://${id}.example/zvh` };
      return {
        pad: '/koppelingen',
        body,
        wie: await metRol('systeembeheerder'),
        rijen: () => db.koppeling.count({ where: { id } }),
      };
    },
  };

  test.each(Object.keys(gevallen))('%s', async (naam) => {
    const { pad, body, wie, rijen } = await gevallen[naam]!();
    const k = sleutel();
    const eerste = await ok(call('POST', pad, wie, body, metSleutel(k)), 201);
    await vergeetAntwoord(wie, k);
    const herhaling = await call('POST', pad, wie, body, metSleutel(k));
    expect(herhaling.headers.get('idempotent-replayed')).toBeNull(); // it ran again ...
    expect(await ok(herhaling, 201)).toEqual(eerste); // ... and answered what its first run made
    expect(await rijen()).toBe(1);
  });
});

describe('a change of state repeated under its key after a lost answer answers again and changes once', () => {
  const vandaag = () => new Date().toISOString().slice(0, 10);
  /** A TopX list with version 1 of its criteria, published when asked. */
  const lijst = async (publiceren: boolean) => {
    const { id } = await ok<{ id: string }>(
      call('POST', '/topx-lijsten', overheid, { naam: `Top ${randomUUID().slice(0, 8)}`, omschrijving: 'Lijst.' }),
      201,
    );
    const criteria = [{ code: 'REGIO', omschrijving: 'Actief in de regio' }];
    await ok(call('POST', `/topx-lijsten/${id}/criteria`, overheid, { criteria, ingangsdatum: vandaag() }), 201);
    if (publiceren) await ok(call('POST', `/topx-lijsten/${id}/criteria/1/publicatie`, overheid, {}));
    return id;
  };
  /** Allowed entries of `actie` whose detail holds each of `velden`. */
  const gelogd = (actie: string, velden: Record<string, string | boolean>) =>
    db.auditLog.count({
      where: {
        actie,
        uitkomst: 'TOEGESTAAN',
        AND: Object.entries(velden).map(([veld, waarde]) => ({ detail: { path: [veld], equals: waarde } })),
      },
    });

  test('the publication of TopX criteria', async () => {
    const lijstId = await lijst(false);
    const pad = `/topx-lijsten/${lijstId}/criteria/1/publicatie`;
    const k = sleutel();
    const eerste = await ok(call('POST', pad, overheid, {}, metSleutel(k)));
    await vergeetAntwoord(overheid, k);
    const herhaling = await call('POST', pad, overheid, {}, metSleutel(k));
    expect(herhaling.headers.get('idempotent-replayed')).toBeNull(); // it ran again ...
    expect(await ok(herhaling)).toEqual(eerste); // ... and answered its first run
    expect(await gelogd('topx.lijst.beheren', { lijstId, gepubliceerd: true })).toBe(1);
    // Another request to publish it again is still refused.
    await problem(await call('POST', pad, overheid, {}, metSleutel(sleutel())), 409, 'verkeerde-fase');
  });

  test('the answer to a TopX informatieverzoek', async () => {
    const lijstId = await lijst(true);
    const leverancier = await createMedewerker(db, 'PRIVAAT');
    const persoon = { voornamen: 'Piet', achternaam: 'Herhaal', geboortedatum: '1996-02-03', bsn: '111222333' };
    const v = await ok<{ id: string }>(
      call('POST', `/topx-lijsten/${lijstId}/vermeldingen`, overheid, {
        persoon,
        voldaneCriteria: ['REGIO'],
        toelichting: 'Actief in de regio volgens het dossier.',
      }),
      201,
    );
    const verzoeken = `/topx-lijsten/${lijstId}/vermeldingen/${v.id}/informatieverzoeken`;
    const aan = { soort: 'DEELNEMER', deelnemerId: leverancier.deelnemerId };
    const na = await ok<{ informatieverzoeken: Array<{ id: string }> }>(
      call('POST', verzoeken, overheid, { aan, doel: 'Toetsing', reden: 'Heeft mogelijk gegevens.' }),
      201,
    );
    const verzoekId = na.informatieverzoeken[0]!.id;
    const pad = `${verzoeken}/${verzoekId}/antwoord`;
    const k = sleutel();
    const body = { antwoord: 'Bekend: twee meldingen in de regio.' };
    const eerste = await ok(call('POST', pad, leverancier, body, metSleutel(k)));
    await vergeetAntwoord(leverancier, k);
    const herhaling = await call('POST', pad, leverancier, body, metSleutel(k));
    expect(herhaling.headers.get('idempotent-replayed')).toBeNull();
    expect(await ok(herhaling)).toEqual(eerste);
    expect(await gelogd('topx.gegevens.verstrekken', { verzoekId })).toBe(1);
    await problem(await call('POST', pad, leverancier, body, metSleutel(sleutel())), 409, 'verkeerde-fase');
  });
});
