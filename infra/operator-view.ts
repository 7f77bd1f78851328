import type { SearchAttributePair } from '@temporalio/common';
import { zvhCasusnummer, zvhProces, zvhProcesVan } from '../workflows/search-attributes';
import type { Db } from './db';

/**
 * What an operator sees of a workflow in the Temporal UI before it runs (docs/operations.md): its process and the
 * casusnummer as search attributes, and a static summary. Administrative numbers and codes only, never personal
 * data: the casusnummer, verzoeknummer, datalek and TopX numbers are registration numbers that name no one.
 */
export interface OperatorView {
  typedSearchAttributes: SearchAttributePair[];
  staticSummary: string;
  staticDetails: string;
}

type Nummers = { casusnummer?: string; eigen?: string };

const id = (input: unknown, key: string): string | undefined => {
  const value = (input as Record<string, unknown> | null)?.[key];
  return typeof value === 'string' ? value : undefined;
};

async function nummers(db: Db, workflowType: string, input: unknown): Promise<Nummers> {
  const casusnummer = async (casusId: string | null | undefined) => {
    if (!casusId) return undefined;
    return (await db.casus.findUnique({ where: { id: casusId }, select: { casusnummer: true } }))?.casusnummer;
  };
  // Each input carries its row's id (the outbox's input); without one there is nothing to look up. Only the
  // numbers and the casus id are read, never the row's texts.
  const met = async (key: string, lees: (where: { id: string }) => Promise<Nummers>): Promise<Nummers> => {
    const rij = id(input, key);
    return rij === undefined ? {} : lees({ id: rij });
  };
  const casusId = { casusId: true } as const;
  switch (workflowType) {
    case 'casusWorkflow':
    case 'informatieplichtWorkflow':
      return { casusnummer: await casusnummer(id(input, 'casusId')) };
    case 'informatieverzoekWorkflow':
      return met('verzoekId', async (where) => ({
        casusnummer: await casusnummer((await db.informatieverzoek.findUnique({ where, select: casusId }))?.casusId),
      }));
    case 'riecAfstemmingWorkflow':
      return met('afstemmingId', async (where) => ({
        casusnummer: await casusnummer((await db.riecAfstemming.findUnique({ where, select: casusId }))?.casusId),
      }));
    case 'topxWorkflow':
      return met('vermeldingId', async (where) => {
        const v = await db.topxVermelding.findUnique({ where, select: { nummer: true, casusId: true } });
        return { eigen: v?.nummer, casusnummer: await casusnummer(v?.casusId) };
      });
    case 'avgVerzoekWorkflow':
      return met('verzoekId', async (where) => ({
        eigen: (await db.avgVerzoek.findUnique({ where, select: { verzoeknummer: true } }))?.verzoeknummer,
      }));
    case 'datalekWorkflow':
      return met('datalekId', async (where) => ({
        eigen: (await db.datalek.findUnique({ where, select: { nummer: true } }))?.nummer,
      }));
    case 'klachtWorkflow':
      return met('klachtId', async (where) => ({
        eigen: (await db.klacht.findUnique({ where, select: { nummer: true } }))?.nummer,
      }));
    default:
      return {};
  }
}

const procesNaam: Readonly<Record<string, string>> = {
  casus: 'Casus',
  informatieplicht: 'Informatieplicht',
  informatieverzoek: 'Informatieverzoek',
  'riec-afstemming': 'RIEC-afstemming',
  topx: 'TopX-vermelding',
  'avg-verzoek': 'AVG-verzoek',
  datalek: 'Datalek',
  klacht: 'Klacht',
};

/** The operator view of a workflow about to start; `workflowType` and `input` as in the outbox (ids only). */
export async function operatorView(db: Db, workflowType: string, input: unknown): Promise<OperatorView> {
  const proces = zvhProcesVan(workflowType);
  const { casusnummer, eigen } = await nummers(db, workflowType, input);
  const typedSearchAttributes: SearchAttributePair[] = [{ key: zvhProces, value: proces }];
  if (casusnummer) typedSearchAttributes.push({ key: zvhCasusnummer, value: casusnummer });
  const moment = workflowType === 'informatieplichtWorkflow' ? id(input, 'moment') : undefined;
  const naam = [procesNaam[proces] ?? proces, eigen, moment].filter(Boolean).join(' ');
  const staticSummary =
    proces === 'casus' || !casusnummer ? `${naam} ${casusnummer ?? ''}`.trim() : `${naam} · casus ${casusnummer}`;
  const zoek = casusnummer
    ? `Alle processen van deze casus: \`ZvhCasusnummer = "${casusnummer}"\`.`
    : 'Dit proces hoort niet bij één casus.';
  const staticDetails = `Proces: ${proces}. ${zoek} Fase, volgende stap en deadline staan in de huidige details.`;
  return { typedSearchAttributes, staticSummary, staticDetails };
}
