import { randomUUID } from 'node:crypto';
import { addYears, type IsoDate } from '../domain/dates';
import { DOCUMENTATIE_BEWAARJAREN, documentatieWetVan, type GegevensCategorie } from '../domain/casusproces';
import type { AuditDb } from './audit';
import { dateColumn, dutchCalendarDate } from './calendar';

/** The fields of a data item that decide whether and how a provision of it is documented. */
export interface GedocumenteerdGegeven {
  id: string;
  categorie: GegevensCategorie;
  leverancierDeelnemerId: string;
  bronvermelding: string | null;
  nietAanDeelnemers: readonly string[];
}

export interface DocumentatieVerstrekking {
  casusId: string;
  /** Deelnemer ids, PROCESREGIE, or "incidenteel:<organisatie>"; the item's provider and its "not to X" drop out. */
  ontvangers: readonly string[];
  aanvrager: string;
  doel: string;
  op: Date;
}

/**
 * Wpg 32 / Wjsg 39j: records the provision of each police or OM item among `items` to `ontvangers`, in the caller's
 * transaction; other items need no record. Returns how many records were made.
 */
export async function documenteerVerstrekking(
  tx: AuditDb,
  items: readonly GedocumenteerdGegeven[],
  v: DocumentatieVerstrekking,
): Promise<number> {
  const bewarenTot: IsoDate = addYears(dutchCalendarDate(v.op), DOCUMENTATIE_BEWAARJAREN);
  const rijen = items.flatMap((g) => {
    const wet = documentatieWetVan(g.categorie);
    const ontvangers = v.ontvangers.filter((o) => o !== g.leverancierDeelnemerId && !g.nietAanDeelnemers.includes(o));
    if (wet === null || ontvangers.length === 0) return [];
    return [
      {
        id: randomUUID(),
        wet,
        verstrekkerDeelnemerId: g.leverancierDeelnemerId,
        verstrektOp: v.op,
        aanvrager: v.aanvrager,
        ontvangers,
        omschrijving: `${g.categorie}: ${g.bronvermelding ?? 'zonder bronvermelding'}`,
        doel: v.doel,
        casusId: v.casusId,
        gegevenId: g.id,
        bewarenTot: dateColumn(bewarenTot),
      },
    ];
  });
  if (rijen.length > 0) await tx.verstrekkingsregistratie.createMany({ data: rijen });
  return rijen.length;
}
