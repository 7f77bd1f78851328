import { createHash, randomUUID } from 'node:crypto';
import { mkdir, open, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import type { CasusFase } from '../domain/casus';
import type { Prisma } from '../generated/prisma/client';
import { logAudit, pseudonymiseAudit } from '../infra/audit';
import { dateOfColumn } from '../infra/calendar';
import type { Db } from '../infra/db';
import { heeftLegalHold, neemLegalHoldLockGedeeld } from '../infra/legal-hold';
import { anonimiseerAvgVerzoekenVan } from './avg-verzoek';

/**
 * The end of a casus (SPEC §2 afschaling, §5): afschermen, transfer to the archiefbeheerder's archive, anonymisation.
 *
 * Activities: ids in, ids/counts/dates out, never personal data (arguments and results are kept in Temporal's
 * histories). Each is idempotent, since Temporal may run it again after a crash or timeout, and each serialises on
 * the casus row (SELECT … FOR NO KEY UPDATE) so two concurrent attempts cannot both act.
 */

export const ARCHIEFPAKKET_FORMAT = 'zvh-archiefpakket/1';

const GRONDSLAG_AFSCHERMEN = 'Prot. 11; SPEC §2 afschaling';
const GRONDSLAG_ARCHIVEREN = 'WGS 1.8 lid 7; BGS 1.16; Archiefwet 1995';
const GRONDSLAG_ANONIMISEREN = 'WGS 1.8 lid 7; BGS 1.16; AVG 5 lid 1 e';
const GEANONIMISEERDE_REDEN = '[geanonimiseerd]';
const TRANSACTIE = { isolationLevel: 'ReadCommitted', timeout: 30_000 } as const;

interface CasusSlot {
  fase: CasusFase;
  casusnummer: string;
  geanonimiseerd: boolean;
}

/** Locks the casus row for the rest of the transaction; FOR NO KEY UPDATE still lets rows referencing it be inserted. */
async function lockCasus(tx: Prisma.TransactionClient, casusId: string): Promise<CasusSlot> {
  const [row] = await tx.$queryRaw<Array<{ fase: CasusFase; casusnummer: string; geanonimiseerd: boolean }>>`
    SELECT "fase"::text AS fase, "casusnummer", ("geanonimiseerd_op" IS NOT NULL) AS geanonimiseerd
    FROM "casus" WHERE "id" = ${casusId}::uuid FOR NO KEY UPDATE`;
  if (!row) throw ApplicationFailure.nonRetryable(`casus ${casusId} does not exist`, 'CASUS_ONBEKEND');
  return { fase: row.fase, casusnummer: row.casusnummer, geanonimiseerd: row.geanonimiseerd || row.fase === 'GEANONIMISEERD' };
}

/** `<casusnummer>.json` with anything outside [A-Za-z0-9._-] replaced, so a casusnummer can never leave the folder. */
export const pakketNaam = (casusnummer: string): string => `${casusnummer.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_')}.json`;

const iso = (d: Date | null): string | null => (d === null ? null : d.toISOString());
const datum = (d: Date | null): string | null => (d === null ? null : dateOfColumn(d));

/** A copy with object keys sorted at every level, so the same record always serialises to the same bytes. */
function gesorteerd(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(gesorteerd);
  if (value !== null && typeof value === 'object') {
    const uit: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) uit[key] = gesorteerd((value as Record<string, unknown>)[key]);
    return uit;
  }
  return value;
}

/**
 * Everything the ZVH holds about the casus, as the archive's complete record of it. Read inside the transaction that
 * holds the casus row lock, so the casus cannot change phase meanwhile.
 */
async function bouwPakket(tx: Prisma.TransactionClient, casusId: string, aangemaaktOp: Date) {
  const casus = await tx.casus.findUniqueOrThrow({ where: { id: casusId } });
  const vorige = casus.vorigeCasusId === null ? null : await tx.casus.findUnique({ where: { id: casus.vorigeCasusId }, select: { id: true, casusnummer: true } });
  // Sequential: a transaction runs on one connection anyway.
  const betrokkenen = await tx.betrokkene.findMany({ where: { casusId }, orderBy: { id: 'asc' } });
  const beoordelingen = await tx.criteriumBeoordeling.findMany({ where: { casusId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
  const besluiten = await tx.besluit.findMany({ where: { casusId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
  const deelnemers = await tx.casusDeelnemer.findMany({ where: { casusId }, orderBy: [{ createdAt: 'asc' }, { deelnemerId: 'asc' }] });
  const verlengingen = await tx.verlenging.findMany({ where: { casusId }, orderBy: [{ datum: 'asc' }, { besluitId: 'asc' }] });
  const plannen = await tx.planVanAanpak.findMany({ where: { casusId }, orderBy: { besluitId: 'asc' } });
  const incidenteel = await tx.incidenteleDeelnemer.findMany({ where: { casusId }, orderBy: { besluitId: 'asc' } });
  const verstrekkingen = await tx.verstrekking.findMany({ where: { casusId }, orderBy: [{ verstrektOp: 'asc' }, { id: 'asc' }] });
  const informatieverzoeken = await tx.informatieverzoek.findMany({ where: { casusId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
  const gegevens = await tx.gegeven.findMany({ where: { casusId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
  const legalHolds = await tx.legalHold.findMany({ where: { casusId }, orderBy: [{ ingesteldOp: 'asc' }, { id: 'asc' }] });
  const audit = await tx.auditLog.findMany({
    where: { casusId },
    orderBy: { id: 'asc' },
    select: { id: true, tijdstip: true, medewerkerId: true, deelnemerId: true, actie: true, grondslag: true, uitkomst: true },
  });

  // The register entries the record refers to, so the archive is readable without the ZVH system's register.
  const medewerkerIds = new Set<string>([casus.aanmelderMedewerkerId]);
  const deelnemerIds = new Set<string>([casus.aanmelderDeelnemerId]);
  for (const b of besluiten) {
    medewerkerIds.add(b.medewerkerId);
    deelnemerIds.add(b.deelnemerId);
  }
  for (const d of deelnemers) deelnemerIds.add(d.deelnemerId);
  for (const p of plannen) deelnemerIds.add(p.casusregisseurDeelnemerId);
  for (const v of verstrekkingen) {
    medewerkerIds.add(v.medewerkerId);
    deelnemerIds.add(v.deelnemerId);
  }
  for (const v of informatieverzoeken) for (const id of [v.aanDeelnemerId, v.namensDeelnemerId]) deelnemerIds.add(id);
  for (const g of gegevens) {
    medewerkerIds.add(g.medewerkerId);
    deelnemerIds.add(g.leverancierDeelnemerId);
  }
  for (const v of verlengingen) for (const id of v.akkoordVan) deelnemerIds.add(id);
  for (const h of legalHolds) for (const id of [h.ingesteldDoor, h.opgehevenDoor]) if (id !== null) medewerkerIds.add(id);
  for (const a of audit) {
    if (a.medewerkerId !== null) medewerkerIds.add(a.medewerkerId);
    if (a.deelnemerId !== null) deelnemerIds.add(a.deelnemerId);
  }
  const registerMedewerkers = await tx.medewerker.findMany({ where: { id: { in: [...medewerkerIds] } }, orderBy: { id: 'asc' }, select: { id: true, naam: true, deelnemerId: true } });
  const registerDeelnemers = await tx.deelnemer.findMany({ where: { id: { in: [...deelnemerIds] } }, orderBy: { id: 'asc' }, select: { id: true, naam: true, type: true } });

  return {
    formaat: ARCHIEFPAKKET_FORMAT,
    aangemaaktOp: aangemaaktOp.toISOString(),
    casus: {
      id: casus.id,
      casusnummer: casus.casusnummer,
      fase: casus.fase,
      aanmelderDeelnemerId: casus.aanmelderDeelnemerId,
      aanmelderMedewerkerId: casus.aanmelderMedewerkerId,
      wettelijkeTaak: casus.wettelijkeTaak,
      aanmeldDatum: iso(casus.aanmeldDatum),
      afsluitDatum: datum(casus.afsluitDatum),
      archiefDatum: datum(casus.archiefDatum),
      afgeschermdOp: iso(casus.afgeschermdOp),
      vorigeCasus: vorige,
      createdAt: iso(casus.createdAt),
      updatedAt: iso(casus.updatedAt),
    },
    betrokkenen: betrokkenen.map((b) => ({
      id: b.id,
      rol: b.rol,
      voornamen: b.voornamen,
      achternaam: b.achternaam,
      geboortedatum: datum(b.geboortedatum),
      bsn: b.bsn,
    })),
    criteriumBeoordelingen: beoordelingen.map((c) => ({
      id: c.id,
      besluitId: c.besluitId,
      moment: c.moment,
      criterium: c.criterium,
      mate: c.mate,
      toelichting: c.toelichting,
      createdAt: iso(c.createdAt),
    })),
    besluiten: besluiten.map((b) => ({
      id: b.id,
      soort: b.soort,
      uitkomst: b.uitkomst,
      status: b.status,
      motivering: b.motivering,
      weigerreden: b.weigerreden,
      gegevens: b.gegevens,
      medewerkerId: b.medewerkerId,
      deelnemerId: b.deelnemerId,
      createdAt: iso(b.createdAt),
      vastgesteldOp: iso(b.vastgesteldOp),
    })),
    deelnemers: deelnemers.map((d) => ({ deelnemerId: d.deelnemerId, besluitId: d.besluitId, createdAt: iso(d.createdAt) })),
    verlengingen: verlengingen.map((v) => ({ besluitId: v.besluitId, datum: datum(v.datum), situatie: v.situatie, akkoordVan: v.akkoordVan })),
    plannenVanAanpak: plannen.map((p) => ({ ...p, evaluatiedatum: datum(p.evaluatiedatum) })),
    incidenteleDeelnemers: incidenteel.map((i) => ({ ...i, geheimhoudingGetekendOp: datum(i.geheimhoudingGetekendOp) })),
    verstrekkingen: verstrekkingen.map((v) => ({ ...v, verstrektOp: iso(v.verstrektOp) })),
    informatieverzoeken: informatieverzoeken.map((v) => ({ ...v, createdAt: iso(v.createdAt) })),
    gegevens: gegevens.map((g) => ({ ...g, vervaltOp: datum(g.vervaltOp), createdAt: iso(g.createdAt) })),
    legalHolds: legalHolds.map((h) => ({
      id: h.id,
      reden: h.reden,
      ingesteldDoor: h.ingesteldDoor,
      ingesteldOp: iso(h.ingesteldOp),
      opgehevenDoor: h.opgehevenDoor,
      opgehevenOp: iso(h.opgehevenOp),
    })),
    // The access facts of the verplichte logging (WGS 1.8); the entry of this transfer itself follows it.
    auditLog: audit.map((a) => ({
      id: a.id.toString(),
      tijdstip: a.tijdstip.toISOString(),
      medewerkerId: a.medewerkerId,
      deelnemerId: a.deelnemerId,
      actie: a.actie,
      grondslag: a.grondslag,
      uitkomst: a.uitkomst,
    })),
    register: { deelnemers: registerDeelnemers, medewerkers: registerMedewerkers },
  };
}

/**
 * Writes `bytes` to `map/naam` so a reader sees either the old file or the whole new one: a temp file in the same
 * folder (same file system, so the rename is atomic), flushed to disk before the rename, and the folder flushed
 * after it, because the receipt committed next claims the package is delivered.
 */
async function schrijfAtomair(map: string, naam: string, bytes: Buffer): Promise<void> {
  await mkdir(map, { recursive: true, mode: 0o750 });
  const doel = path.join(map, naam);
  const tijdelijk = path.join(map, `.${naam}.${randomUUID()}.tmp`);
  try {
    const fh = await open(tijdelijk, 'wx', 0o640); // holds personal data: not world-readable
    try {
      await fh.writeFile(bytes);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tijdelijk, doel);
  } catch (err) {
    await unlink(tijdelijk).catch(() => undefined);
    throw err;
  }
  const dir = await open(map, 'r');
  try {
    await dir.sync();
  } catch {
    // Some platforms cannot fsync a directory; the rename is still atomic.
  } finally {
    await dir.close();
  }
}

export function createArchiefActivities(db: Db, opties: { archiefMap: string }) {
  return {
    /**
     * The afgeschermd stage (SPEC §2): from AFGESCHAALD only. In any other phase nothing happens; the workflow reloads
     * the casus afterwards and sees where it is.
     */
    async schermAf(casusId: string): Promise<void> {
      await db.$transaction(async (tx) => {
        // Conditional update: a concurrent or repeated attempt re-evaluates the phase after the row lock and changes nothing.
        const { count } = await tx.casus.updateMany({ where: { id: casusId, fase: 'AFGESCHAALD' }, data: { fase: 'AFGESCHERMD', afgeschermdOp: new Date() } });
        if (count === 0) return;
        await logAudit(tx, {
          medewerkerId: null,
          deelnemerId: null,
          actie: 'casus.afschermen',
          casusId,
          grondslag: GRONDSLAG_AFSCHERMEN,
          uitkomst: 'TOEGESTAAN',
          detail: { fase: 'AFGESCHERMD' },
        });
      }, TRANSACTIE);
    },

    /**
     * SPEC §5: at the archiefdatum the record goes to the archiefbeheerder's archive first. Writes the complete
     * package, then records the receipt, the phase GEARCHIVEERD and the audit entry in one transaction. The file is
     * written while the casus row is locked, so concurrent attempts cannot overwrite each other's package after the
     * receipt's hash was taken; if the transaction fails after the write, the next attempt simply rewrites the file.
     * Returns false, doing nothing, while a legal hold covers the casus.
     */
    async archiveer(casusId: string): Promise<{ gearchiveerd: boolean }> {
      return db.$transaction(async (tx) => {
        await neemLegalHoldLockGedeeld(tx);
        const casus = await lockCasus(tx, casusId);
        // Done before (or moot): true regardless of a hold placed since, as that is what the workflow needs to know.
        if (casus.geanonimiseerd) return { gearchiveerd: true };
        if (await tx.archiefOverdracht.findUnique({ where: { casusId }, select: { casusId: true } })) return { gearchiveerd: true };
        if (await heeftLegalHold(tx, casusId)) return { gearchiveerd: false };

        const locatie = pakketNaam(casus.casusnummer);
        // Sanitising could map two casusnummers to one name; never overwrite another casus' package.
        const ander = await tx.archiefOverdracht.findFirst({ where: { locatie, casusId: { not: casusId } }, select: { casusId: true } });
        if (ander) throw ApplicationFailure.nonRetryable(`archive file name of casus ${casusId} is taken by casus ${ander.casusId}`, 'ARCHIEF_NAAM_BEZET');

        const nu = new Date();
        const pakket = await bouwPakket(tx, casusId, nu);
        const bytes = Buffer.from(`${JSON.stringify(gesorteerd(pakket), null, 2)}\n`, 'utf8');
        await schrijfAtomair(opties.archiefMap, locatie, bytes);
        const sha256 = createHash('sha256').update(bytes).digest('hex');

        await tx.archiefOverdracht.upsert({
          where: { casusId },
          create: { casusId, locatie, sha256, overgedragenOp: nu },
          update: { locatie, sha256, overgedragenOp: nu },
        });
        await tx.casus.update({ where: { id: casusId }, data: { gearchiveerdOp: nu, fase: 'GEARCHIVEERD' } });
        await logAudit(tx, {
          medewerkerId: null,
          deelnemerId: null,
          actie: 'casus.archiveren',
          casusId,
          grondslag: GRONDSLAG_ARCHIVEREN,
          uitkomst: 'TOEGESTAAN',
          detail: { sha256 },
        });
        return { gearchiveerd: true };
      }, TRANSACTIE);
    },

    /**
     * SPEC §5: after the transfer, the ZVH system holds no personal data of the betrokkene and gezinsleden.
     *
     * Erased: betrokkene voornamen, achternaam, geboortedatum, bsn; criterium_beoordeling.toelichting (the objective
     * information, free text about the person); besluit.motivering and weigerreden (free text); casus.wettelijkeTaak
     * (free text at aanmelding); the reden of this casus' legal holds (free text, NOT NULL, so a marker); the plan van
     * aanpak's toestandsbeeld, interventions' descriptions, informatiebehoeften and afschalingscriteria; the link
     * to an earlier casus of the same person (vorige_casus_id); why an incidentele deelnemer was invited and what it
     * received (free text; who it was and who signed its geheimhoudingsverklaring are staff facts and stay); the
     * content and source of every provided data item and the task, purpose and reason of every request; the audit
     * entries' casus id and detail (pseudonymiseAudit: the entries get a random casus_pseudoniem instead).
     *
     * Kept, as no personal data of the betrokkene: casusnummer (an administrative number, also the archive's key for
     * later requests to the archivaris), ids, dates, enums (phase, rol, criterium, mate, soort, status), besluit
     * uitkomst (a code from domain/casusproces), besluit.gegevens (ids and flags only, by its contract in the
     * schema), casus_deelnemer and verlenging (deelnemer ids, dates), the archive receipt, the medewerker and deelnemer
     * ids in the audit log (access facts, WGS 1.8). A later, live casus of the same person may still point here; this
     * skeleton then holds nothing about the person but the fact of an earlier casus.
     */
    async anonimiseer(casusId: string): Promise<{ geanonimiseerd: boolean }> {
      return db.$transaction(async (tx) => {
        await neemLegalHoldLockGedeeld(tx);
        const casus = await lockCasus(tx, casusId);
        if (casus.geanonimiseerd) {
          // Entries logged about the casus since carry its id again (infra/audit.ts); catch them up. Not a change
          // of casus data, so a hold placed after the anonymisation does not stop it.
          await pseudonymiseAudit(tx, casusId);
          return { geanonimiseerd: true };
        }
        if (await heeftLegalHold(tx, casusId)) return { geanonimiseerd: false };
        if (!(await tx.archiefOverdracht.findUnique({ where: { casusId }, select: { casusId: true } }))) {
          throw ApplicationFailure.nonRetryable('anonymisation before archive transfer', 'ARCHIEF_ONTBREEKT');
        }

        const betrokkenen = await tx.betrokkene.updateMany({ where: { casusId }, data: { voornamen: null, achternaam: null, geboortedatum: null, bsn: null } });
        const beoordelingen = await tx.criteriumBeoordeling.updateMany({ where: { casusId }, data: { toelichting: null } });
        const besluiten = await tx.besluit.updateMany({ where: { casusId }, data: { motivering: null, weigerreden: null } });
        const holds = await tx.legalHold.updateMany({ where: { casusId }, data: { reden: GEANONIMISEERDE_REDEN } });
        const plannen = await tx.planVanAanpak.findMany({ where: { casusId }, select: { besluitId: true, interventies: true } });
        for (const plan of plannen) {
          // Who does what stays (deelnemer ids); what they do, the picture of the person and the criteria go.
          const interventies = (plan.interventies as Array<{ uitvoerderDeelnemerId?: unknown }>).map((i) => ({ uitvoerderDeelnemerId: i.uitvoerderDeelnemerId ?? null }));
          await tx.planVanAanpak.update({ where: { besluitId: plan.besluitId }, data: { toestandsbeeld: GEANONIMISEERDE_REDEN, afschalingscriteria: GEANONIMISEERDE_REDEN, informatiebehoeften: null, interventies } });
        }
        const incidenteel = await tx.incidenteleDeelnemer.updateMany({ where: { casusId }, data: { reden: GEANONIMISEERDE_REDEN } });
        const verstrekkingen = await tx.verstrekking.updateMany({ where: { casusId }, data: { omschrijving: GEANONIMISEERDE_REDEN } });
        const verzoeken = await tx.informatieverzoek.updateMany({ where: { casusId }, data: { taak: GEANONIMISEERDE_REDEN, doel: GEANONIMISEERDE_REDEN, reden: GEANONIMISEERDE_REDEN } });
        const gegevens = await tx.gegeven.updateMany({ where: { casusId }, data: { inhoud: GEANONIMISEERDE_REDEN, bronvermelding: null } });
        // The Contactpunt's reasons for an uitstel of the informatieplicht and its notes; grounds, dates and channels stay.
        const informatieplicht = await tx.informatieplichtHandeling.updateMany({ where: { informatieplicht: { casusId } }, data: { reden: null, weigerreden: null } });
        // Wpg 32 / Wjsg 39j records stay their 4 years for the police and OM, unlinked from the casus and its items.
        const registraties = await tx.verstrekkingsregistratie.updateMany({ where: { casusId }, data: { casusId: null, gegevenId: null } });
        // The link to an earlier casus of the same person goes too: it would tie this skeleton to that one.
        await tx.casus.update({ where: { id: casusId }, data: { wettelijkeTaak: null, vorigeCasusId: null, fase: 'GEANONIMISEERD', geanonimiseerdOp: new Date() } });
        // AVG-verzoeken whose casussen are all anonymised now lose their requester's personal data too.
        await anonimiseerAvgVerzoekenVan(tx, casusId);
        await logAudit(tx, {
          medewerkerId: null,
          deelnemerId: null,
          actie: 'casus.anonimiseren',
          casusId,
          grondslag: GRONDSLAG_ANONIMISEREN,
          uitkomst: 'TOEGESTAAN',
          detail: {
            geanonimiseerd: { betrokkenen: betrokkenen.count, criteriumBeoordelingen: beoordelingen.count, besluiten: besluiten.count, legalHolds: holds.count, plannenVanAanpak: plannen.length, incidenteleDeelnemers: incidenteel.count, verstrekkingen: verstrekkingen.count, informatieverzoeken: verzoeken.count, gegevens: gegevens.count, informatieplichtHandelingen: informatieplicht.count, verstrekkingsregistratiesOntkoppeld: registraties.count },
          },
        });
        // After geanonimiseerdOp is set (the append-only trigger demands it) and after the entry above, so that entry
        // is pseudonymised too. The chain lock taken by logAudit is still held: no entry of this casus can be
        // committed in between and escape.
        await pseudonymiseAudit(tx, casusId);
        return { geanonimiseerd: true };
      }, TRANSACTIE);
    },
  };
}

export type ArchiefActivities = ReturnType<typeof createArchiefActivities>;
