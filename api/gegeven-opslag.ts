import type { Client } from '@temporalio/client';
import { beleid } from '../domain/autorisatie';
import { gegevenOver } from '../domain/avg-verzoek';
import type { gegevenSchema } from '../domain/casusproces';
import type { Prisma } from '../generated/prisma/client';
import { logAudit } from '../infra/audit';
import { dateColumn } from '../infra/calendar';
import { documenteerVerstrekking } from '../infra/documentatieplicht';
import type { z } from 'zod';
import { standGewijzigd } from '../workflows/casus';
import { beantwoord, informatieverzoekWorkflowId } from '../workflows/informatieverzoek';
import type { Db } from '../infra/db';
import { signaleer, wekCasus } from './casussen';
import { eisInformatieplichtNagekomen } from './informatieplicht';
import { problems } from './problem';

const VERSTREKKEN = 'casus.gegevens.verstrekken';

export interface Opslag {
  casus: { id: string; aanmelderDeelnemerId: string; deelnemers: Array<{ deelnemerId: string }> };
  verzoek: { id: string; namensDeelnemerId: string; doel: string; termijnOp: Date | null } | null;
  leverancierDeelnemerId: string;
  /** NULL when the deelnemer's system delivered it through its koppeling (then `koppelingId`). */
  medewerkerId: string | null;
  koppelingId: string | null;
  gegeven: z.infer<typeof gegevenSchema>;
}

/**
 * Before an item is stored and shared (Prot. 16.1): the persons it names belong to the casus (422 otherwise), and
 * each of them — everyone, for an item about the casus as a whole — was informed or has a recorded ground (the gate
 * of api/informatieplicht.ts). Asked by both routes that take data items.
 */
export async function eisGegevenMagGedeeld(
  db: Db,
  wie: { medewerkerId: string | null; deelnemerId: string },
  casusId: string,
  betrokkeneIds: readonly string[],
): Promise<void> {
  const ids = [...new Set(betrokkeneIds)];
  const personen = await db.betrokkene.findMany({
    where: { casusId },
    select: { id: true, rol: true, verwerkingGestaaktOp: true },
  });
  if (ids.some((id) => !personen.some((p) => p.id === id)))
    throw problems.nietToegestaan(
      'onbekende-persoon',
      'Onbekende persoon',
      'Niet elke genoemde persoon (betrokkeneIds) hoort bij deze casus.',
    );
  // AVG 21: a granted bezwaar stopped the processing of a person; an item about him is not taken (gegevenOver).
  const gestaakt = personen.filter((p) => p.verwerkingGestaaktOp !== null && gegevenOver({ betrokkeneIds: ids }, p));
  if (gestaakt.length > 0) {
    await logAudit(db, {
      medewerkerId: wie.medewerkerId,
      deelnemerId: wie.deelnemerId,
      actie: VERSTREKKEN,
      casusId,
      grondslag: beleid[VERSTREKKEN].grondslag,
      uitkomst: 'GEWEIGERD',
      detail: { code: 'BEZWAAR_TOEGEWEZEN', betrokkeneIds: gestaakt.map((p) => p.id) },
    });
    throw problems.nietToegestaan(
      'bezwaar-toegewezen',
      'Verwerking gestaakt na bezwaar',
      `Na een toegewezen bezwaar (AVG 21) worden geen gegevens meer verwerkt over: ${gestaakt.map((p) => `${p.rol} ${p.id}`).join(', ')}.`,
    );
  }
  await eisInformatieplichtNagekomen(db, wie, casusId, VERSTREKKEN, ids);
}

/**
 * Stores a provided data item (WGS 2.29) with its voorwaarden, the Wpg/Wjsg provision record and the log entry, and
 * marks its request answered — in the caller's transaction. Shared by the medewerker's route (api/triage.ts) and
 * the deelnemer system's koppeling (api/koppeling-antwoorden.ts).
 */
export async function slaGegevenOp(tx: Prisma.TransactionClient, id: string, o: Opslag) {
  const g = o.gegeven;
  const nieuw = await tx.gegeven.create({
    data: {
      id,
      casusId: o.casus.id,
      verzoekId: o.verzoek?.id ?? null,
      leverancierDeelnemerId: o.leverancierDeelnemerId,
      medewerkerId: o.medewerkerId,
      koppelingId: o.koppelingId,
      grondslag: g.grondslag,
      categorie: g.categorie,
      bronvermelding: g.bronvermelding ?? null,
      inhoud: g.inhoud,
      nietVoorCasusoverleg: g.voorwaarden.nietVoorCasusoverleg,
      nietAanDeelnemers: g.voorwaarden.nietAanDeelnemers,
      nietAanDerden: g.voorwaarden.nietAanDerden,
      vervaltOp: g.vervaltOp ? dateColumn(g.vervaltOp) : null,
      beroepsgeheim: g.beroepsgeheim,
      betrokkeneIds: [...new Set(g.betrokkeneIds)],
    },
  });
  // Wpg 32 / Wjsg 39j: police and OM data reach the procesregie and, unless kept out, those in the casus.
  const ontvangers = g.voorwaarden.nietVoorCasusoverleg
    ? ['PROCESREGIE']
    : ['PROCESREGIE', o.casus.aanmelderDeelnemerId, ...o.casus.deelnemers.map((d) => d.deelnemerId)];
  await documenteerVerstrekking(tx, [nieuw], {
    casusId: o.casus.id,
    ontvangers,
    aanvrager: o.verzoek?.namensDeelnemerId ?? o.leverancierDeelnemerId,
    doel: o.verzoek?.doel ?? 'triage (WGS 2.31 lid 3)',
    op: nieuw.createdAt,
  });
  if (o.verzoek)
    await tx.informatieverzoek.updateMany({
      where: { id: o.verzoek.id, beantwoordOp: null },
      data: { beantwoordOp: nieuw.createdAt },
    });
  const naTermijn = o.verzoek?.termijnOp != null && nieuw.createdAt > o.verzoek.termijnOp;
  await logAudit(tx, {
    medewerkerId: o.medewerkerId,
    deelnemerId: o.leverancierDeelnemerId,
    actie: VERSTREKKEN,
    casusId: o.casus.id,
    grondslag: beleid[VERSTREKKEN].grondslag,
    uitkomst: 'TOEGESTAAN',
    detail: {
      gegevenId: id,
      categorie: g.categorie,
      ...(o.koppelingId ? { koppelingId: o.koppelingId } : {}),
      ...(naTermijn ? { naTermijn: true } : {}),
    },
  });
  return { gegeven: nieuw, naTermijn };
}

/** After the commit: the request's workflow stops waiting; an item with its own term may wake the casus. */
export async function naOpslag(
  temporal: Client,
  casusId: string,
  verzoekId: string | null,
  vervaltOp: string | undefined,
): Promise<void> {
  // A request whose workflow finished (escalated) has its answer stored all the same.
  if (verzoekId) await signaleer(temporal, informatieverzoekWorkflowId(verzoekId), beantwoord);
  if (vervaltOp) await wekCasus(temporal, casusId, standGewijzigd);
}
