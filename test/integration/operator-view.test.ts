// The operator view in Temporal (docs/operations.md) on the test stack's dev server: a casus registered through the
// API is found by `ZvhProces` and `ZvhCasusnummer`, carries its summary and current details (no personal data), and
// its side workflows are found by the same casusnummer.
import type { Client, WorkflowExecutionInfo } from '@temporalio/client';
import { datalekWorkflowId } from '../../workflows/datalek';
import { informatieplichtWorkflowId } from '../../workflows/informatieplicht';
import { casusStatus, casusWorkflowId, type CasusStatus } from '../../workflows/casus';
import { zvhCasusnummer, zvhFase, zvhProces } from '../../workflows/search-attributes';
import { aanmelding, createMedewerker, criteria } from '../support/fixtures';
import { call, ok } from '../support/http';
import { stackClients } from '../support/stack-clients';

const stack = stackClients();

/** Visibility is eventually consistent: lists until `klaar` holds for the result (at most ~20 s). */
async function lijst(temporal: Client, query: string, klaar: (w: WorkflowExecutionInfo[]) => boolean) {
  for (let i = 0; ; i++) {
    const gevonden: WorkflowExecutionInfo[] = [];
    for await (const w of temporal.workflow.list({ query })) gevonden.push(w);
    if (klaar(gevonden) || i >= 100) return gevonden;
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The workflow's current details, as the Web UI reads them (the SDK's built-in metadata query). */
async function huidigeDetails(temporal: Client, workflowId: string): Promise<string> {
  const handle = temporal.workflow.getHandle(workflowId);
  const metadata = await handle.query<{ currentDetails?: string }>('__temporal_workflow_metadata');
  return metadata.currentDetails ?? '';
}

/** Polls the current details until `klaar` holds (the stand is published after an activity). */
async function detailsTot(temporal: Client, workflowId: string, klaar: (d: string) => boolean): Promise<string> {
  for (let i = 0; ; i++) {
    const details = await huidigeDetails(temporal, workflowId);
    if (klaar(details) || i >= 100) return details;
    await new Promise((r) => setTimeout(r, 200));
  }
}

const persoonsgegevens = ['Jansen', 'Jan ', '111222333', '1990-04-01', 'Objectieve informatie', 'Politiewet'];

test('a casus is listed by ZvhProces and its casusnummer, with its summary and current details', async () => {
  const { temporal, db } = stack;
  const aanmelder = await createMedewerker(db, 'PRIVAAT');
  const casus = await ok<{ id: string; casusnummer: string }>(call('POST', '/casussen', aanmelder, aanmelding()), 201);
  const workflowId = casusWorkflowId(casus.id);

  const query = `ZvhProces = 'casus' AND ZvhCasusnummer = '${casus.casusnummer}'`;
  const casussen = await lijst(temporal, query, (w) => w.length > 0);
  expect(casussen.map((w) => w.workflowId)).toEqual([workflowId]);
  const [info] = casussen as [WorkflowExecutionInfo];
  expect(info.typedSearchAttributes.get(zvhProces)).toBe('casus');
  expect(info.typedSearchAttributes.get(zvhCasusnummer)).toBe(casus.casusnummer);
  expect(info.typedSearchAttributes.get(zvhFase)).toBe('AANMELDING');

  const beschrijving = await temporal.workflow.getHandle(workflowId).describe();
  expect(await beschrijving.staticSummary()).toBe(`Casus ${casus.casusnummer}`);
  const staticDetails = (await beschrijving.staticDetails()) ?? '';
  expect(staticDetails).toContain(`ZvhCasusnummer = "${casus.casusnummer}"`);

  const bijAanmelding = await detailsTot(temporal, workflowId, (d) => d.includes('**Fase:** AANMELDING'));
  expect(bijAanmelding).toContain('**Fase:** AANMELDING');
  expect(bijAanmelding).toContain(`**Casusnummer:** ${casus.casusnummer}`);
  expect(bijAanmelding).toMatch(/\*\*Deadline:\*\* \d{4}-\d{2}-\d{2}T/); // the intake deadline

  // The intake moves the phase, and the details follow; it brings an informatieplicht, found by the casusnummer.
  const besluit = { uitkomst: 'IN_BEHANDELING', criteria, motivering: 'Criteria aannemelijk.' };
  const besluiter = await createMedewerker(db, 'OVERHEID');
  await ok(call('POST', `/casussen/${casus.id}/intake-besluit`, besluiter, besluit));
  // The details say what the casusStatus query says, once the casus has reloaded after the intake.
  const status = () => temporal.workflow.getHandle(workflowId).query(casusStatus);
  const zoals = (s: CasusStatus) => [`**Fase:** ${s.fase}`, `**Volgende stap:** ${s.volgendeStap ?? '—'}`];
  let naIntake = '';
  let stand: CasusStatus | undefined;
  for (let i = 0; i < 100; i++) {
    stand = await status();
    naIntake = await huidigeDetails(temporal, workflowId);
    // The intake's own answer has no volgendeStap yet; the reload after it sets one (or null).
    const herladen = stand.fase === 'TRIAGE' && stand.volgendeStap !== undefined;
    if (herladen && zoals(stand).every((r) => naIntake.includes(r))) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  expect(stand?.fase).toBe('TRIAGE');
  for (const regel of zoals(stand as CasusStatus)) expect(naIntake).toContain(regel);

  const vanDeCasus = await lijst(temporal, `ZvhCasusnummer = '${casus.casusnummer}'`, (w) => w.length >= 2);
  const zij = informatieplichtWorkflowId(casus.id, 'IN_BEHANDELING');
  expect(vanDeCasus.map((w) => w.workflowId).sort()).toEqual([workflowId, zij].sort());
  const informatieplicht = vanDeCasus.find((w) => w.workflowId === zij) as WorkflowExecutionInfo;
  expect(informatieplicht.typedSearchAttributes.get(zvhProces)).toBe('informatieplicht');
  const zijBeschrijving = await temporal.workflow.getHandle(zij).describe();
  expect(await zijBeschrijving.staticSummary()).toBe(`Informatieplicht IN_BEHANDELING · casus ${casus.casusnummer}`);
  const zijDetails = await detailsTot(temporal, zij, (d) => d.includes('**Fase:** OPEN'));
  expect(zijDetails).toContain('**Proces:** informatieplicht');

  // The casussen are not buried: only the casus answers `ZvhProces = 'casus'`.
  expect((await lijst(temporal, query, () => true)).map((w) => w.workflowId)).toEqual([workflowId]);

  const zichtbaar = [await beschrijving.staticSummary(), staticDetails, naIntake, await huidigeDetails(temporal, zij)];
  for (const tekst of persoonsgegevens) expect(zichtbaar.join('\n')).not.toContain(tekst);
});

test('a process without a casus (a datalek) is listed by ZvhProces with its own number in the summary', async () => {
  const { temporal, db } = stack;
  const melder = await createMedewerker(db, 'OVERHEID');
  const melding = {
    ontdektOp: new Date(Date.now() - 2 * 3_600_000).toISOString(),
    omschrijving: 'Een lijst met namen van betrokkenen is naar een verkeerd adres gemaild.',
    aard: ['VERTROUWELIJKHEID'],
    categorieenGegevens: ['IDENTIFICEREND'],
    categorieenBetrokkenen: ['BETROKKENE'],
    geschatAantalBetrokkenen: 2,
    versleuteld: false,
    contactpersoon: 'Functioneel beheer, 030-7654321',
    mogelijkeMaatregelen: 'De ontvanger vragen de lijst te verwijderen.',
    mogelijkeGevolgen: 'Namen bekend bij een buitenstaander.',
    genomenMaatregelen: 'Ontvanger gebeld.',
  };
  const datalek = await ok<{ id: string; nummer: string }>(call('POST', '/datalekken', melder, melding), 201);
  const workflowId = datalekWorkflowId(datalek.id);
  const gevonden = await lijst(temporal, `ZvhProces = 'datalek' AND WorkflowId = '${workflowId}'`, (w) => w.length > 0);
  expect(gevonden.map((w) => w.workflowId)).toEqual([workflowId]);
  expect(gevonden[0]?.typedSearchAttributes.get(zvhCasusnummer)).toBeUndefined();
  const beschrijving = await temporal.workflow.getHandle(workflowId).describe();
  expect(await beschrijving.staticSummary()).toBe(`Datalek ${datalek.nummer}`);
  const details = await detailsTot(temporal, workflowId, (d) => d.includes('**Proces:** datalek'));
  expect(details).toContain('**Fase:** GEMELD');
  expect(`${await beschrijving.staticDetails()}\n${details}`).not.toContain('verkeerd adres');
});
