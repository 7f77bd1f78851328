import { createHash, randomUUID } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import { bewaartermijnVerstreken, maximumBewaartermijn } from '../domain/bewaartermijn';
import { afgeslotenFasen, type CasusFase } from '../domain/casus';
import { addYears, isoDate } from '../domain/dates';
import { weigerFout } from '../domain/weigeringen';
import type { Prisma } from '../generated/prisma/client';
import { logAudit, pseudonymiseAudit } from '../infra/audit';
import { vergeetAntwoordenOver } from '../infra/idempotentie';
import { dateOfColumn, dutchCalendarDate } from '../infra/calendar';
import { standaardArchief, type ArchiefConfig } from '../infra/config';
import type { Db } from '../infra/db';
import { heeftLegalHold, neemLegalHoldLockGedeeld } from '../infra/legal-hold';
import { bestand, informatieobject, type Identificatie } from '../infra/mdto';
import { mdtoFoutenKort, valideerMdto } from '../infra/mdto-validate';
import { anonimiseerAvgVerzoekenVan } from './avg-verzoek';
import { verlengingUitRij } from './casus';

/**
 * The end of a casus (SPEC §2 afschaling, §5): afschermen, transfer to the archiefbeheerder's archive, anonymisation.
 *
 * Activities: ids in, ids/counts/dates out, never personal data (arguments and results are kept in Temporal's
 * histories). Each is idempotent, since Temporal may run it again after a crash or timeout, and each serialises on
 * the casus row (SELECT … FOR NO KEY UPDATE) so two concurrent attempts cannot both act.
 */

export const ARCHIEFPAKKET_FORMAT = 'zvh-archiefpakket/1';

const GRONDSLAG_AFSCHERMEN = 'Prot. 11; SPEC §2 afschaling';
const GRONDSLAG_MAXIMUM = 'WGS 1.8 lid 7; BGS 1.16 (maximale bewaartermijn verstreken)';
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
  if (!row) throw weigerFout(`casus ${casusId} does not exist`, 'CASUS_ONBEKEND');
  return {
    fase: row.fase,
    casusnummer: row.casusnummer,
    geanonimiseerd: row.geanonimiseerd || row.fase === 'GEANONIMISEERD',
  };
}

/** The package's folder name: the casusnummer with anything outside [A-Za-z0-9._-] replaced, so it never leaves the folder. */
export const pakketNaam = (casusnummer: string): string =>
  casusnummer.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_');

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
  const vorige =
    casus.vorigeCasusId === null
      ? null
      : await tx.casus.findUnique({ where: { id: casus.vorigeCasusId }, select: { id: true, casusnummer: true } });
  // Sequential: a transaction runs on one connection anyway.
  const betrokkenen = await tx.betrokkene.findMany({ where: { casusId }, orderBy: { id: 'asc' } });
  const beoordelingen = await tx.criteriumBeoordeling.findMany({
    where: { casusId },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  });
  const besluiten = await tx.besluit.findMany({ where: { casusId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
  const deelnemers = await tx.casusDeelnemer.findMany({
    where: { casusId },
    orderBy: [{ createdAt: 'asc' }, { deelnemerId: 'asc' }],
  });
  const verlengingen = await tx.verlenging.findMany({
    where: { casusId },
    orderBy: [{ datum: 'asc' }, { besluitId: 'asc' }],
  });
  const plannen = await tx.planVanAanpak.findMany({ where: { casusId }, orderBy: { besluitId: 'asc' } });
  const incidenteel = await tx.incidenteleDeelnemer.findMany({ where: { casusId }, orderBy: { besluitId: 'asc' } });
  const verstrekkingen = await tx.verstrekking.findMany({
    where: { casusId },
    orderBy: [{ verstrektOp: 'asc' }, { id: 'asc' }],
  });
  const informatieverzoeken = await tx.informatieverzoek.findMany({
    where: { casusId },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  });
  const gegevens = await tx.gegeven.findMany({ where: { casusId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
  const legalHolds = await tx.legalHold.findMany({
    where: { casusId },
    orderBy: [{ ingesteldOp: 'asc' }, { id: 'asc' }],
  });
  const riecAfstemmingen = await tx.riecAfstemming.findMany({
    where: { casusId },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  });
  const riecBerichten = await tx.riecBericht.findMany({
    where: { casusId },
    orderBy: [{ ontvangenOp: 'asc' }, { id: 'asc' }],
  });
  const klachten = await tx.klacht.findMany({
    where: { casusId },
    orderBy: [{ ontvangenOp: 'asc' }, { id: 'asc' }],
    include: { handelingen: { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] } },
  });
  const informatieplicht = await tx.informatieplicht.findMany({
    where: { casusId },
    orderBy: [{ startdatum: 'asc' }, { moment: 'asc' }],
    include: { handelingen: { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] } },
  });
  const audit = await tx.auditLog.findMany({
    where: { casusId },
    orderBy: { id: 'asc' },
    select: {
      id: true,
      tijdstip: true,
      medewerkerId: true,
      deelnemerId: true,
      actie: true,
      grondslag: true,
      uitkomst: true,
    },
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
    if (g.medewerkerId !== null) medewerkerIds.add(g.medewerkerId); // NULL: delivered by the deelnemer's system
    deelnemerIds.add(g.leverancierDeelnemerId);
  }
  for (const v of verlengingen) for (const id of v.akkoordVan) deelnemerIds.add(id);
  for (const a of riecAfstemmingen) {
    medewerkerIds.add(a.medewerkerId);
    deelnemerIds.add(a.deelnemerId);
  }
  for (const h of informatieplicht.flatMap((i) => i.handelingen)) {
    medewerkerIds.add(h.medewerkerId);
    deelnemerIds.add(h.deelnemerId);
  }
  for (const h of legalHolds)
    for (const id of [h.ingesteldDoor, h.opgehevenDoor]) if (id !== null) medewerkerIds.add(id);
  for (const a of audit) {
    if (a.medewerkerId !== null) medewerkerIds.add(a.medewerkerId);
    if (a.deelnemerId !== null) deelnemerIds.add(a.deelnemerId);
  }
  const registerMedewerkers = await tx.medewerker.findMany({
    where: { id: { in: [...medewerkerIds] } },
    orderBy: { id: 'asc' },
    select: { id: true, naam: true, deelnemerId: true },
  });
  const registerDeelnemers = await tx.deelnemer.findMany({
    where: { id: { in: [...deelnemerIds] } },
    orderBy: { id: 'asc' },
    select: { id: true, naam: true, type: true },
  });

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
    deelnemers: deelnemers.map((d) => ({
      deelnemerId: d.deelnemerId,
      besluitId: d.besluitId,
      createdAt: iso(d.createdAt),
    })),
    verlengingen: verlengingen.map((v) => ({
      besluitId: v.besluitId,
      datum: datum(v.datum),
      situatie: v.situatie,
      akkoordVan: v.akkoordVan,
      heropening: datum(v.heropening),
    })),
    plannenVanAanpak: plannen.map((p) => ({ ...p, evaluatiedatum: datum(p.evaluatiedatum) })),
    incidenteleDeelnemers: incidenteel.map((i) => ({
      ...i,
      geheimhoudingGetekendOp: datum(i.geheimhoudingGetekendOp),
    })),
    verstrekkingen: verstrekkingen.map((v) => ({ ...v, verstrektOp: iso(v.verstrektOp) })),
    informatieverzoeken: informatieverzoeken.map((v) => ({ ...v, createdAt: iso(v.createdAt) })),
    gegevens: gegevens.map((g) => ({ ...g, vervaltOp: datum(g.vervaltOp), createdAt: iso(g.createdAt) })),
    riecAfstemmingen: riecAfstemmingen.map((a) => ({
      ...a,
      createdAt: iso(a.createdAt),
      afgeleverdOp: iso(a.afgeleverdOp),
    })),
    riecBerichten: riecBerichten.map((b) => ({ ...b, ontvangenOp: iso(b.ontvangenOp) })),
    // Complaints about the processing of this casus and how they were handled (Awb 9; Afspr. 14.9).
    klachten: klachten.map(({ handelingen, ...k }) => ({
      ...k,
      ontvangenOp: datum(k.ontvangenOp),
      deadline: datum(k.deadline),
      afgehandeldOp: iso(k.afgehandeldOp),
      createdAt: iso(k.createdAt),
      handelingen: handelingen.map((h) => ({ ...h, createdAt: iso(h.createdAt), vastgesteldOp: iso(h.vastgesteldOp) })),
    })),
    // Whether, when and how the betrokkene was informed, or on which ground it was postponed (AVG 13–14; BGS 1.3).
    informatieplicht: informatieplicht.map(({ handelingen, ...i }) => ({
      ...i,
      startdatum: datum(i.startdatum),
      deadline: datum(i.deadline),
      hertoetsingOp: datum(i.hertoetsingOp),
      verstrektOp: datum(i.verstrektOp),
      createdAt: iso(i.createdAt),
      handelingen: handelingen.map((h) => ({
        ...h,
        datum: datum(h.datum),
        verwachteDatum: datum(h.verwachteDatum),
        createdAt: iso(h.createdAt),
      })),
    })),
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

/** How the package is delivered and what its MDTO metadata says (infra/config.ts `archiefSchema`, docs/configuration.md). */
export type ArchiefOpties = { archiefMap: string } & Partial<Omit<ArchiefConfig, 'ZVH_ARCHIEF_MAP'>>;

export const MANIFEST = 'manifest-sha256.txt';

type MdtoOpties = Pick<ArchiefConfig, 'ZVH_ARCHIEFVORMER' | 'ZVH_ARCHIEFVORMER_ID' | 'ZVH_ARCHIEF_BEWAARTERMIJN_JAREN'>;

interface PakketBestand {
  naam: string;
  bytes: Buffer;
}

const sha256Hex = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

/**
 * The package's files: the record as JSON (`zvh-archiefpakket/1`), its MDTO `bestand`, the dossier's MDTO
 * `informatieobject`, and last `manifest-sha256.txt` over all of them (`sha256sum -c` format), whose hash is the
 * receipt's. Everything is derived from the record and `nu`, so the same record gives the same bytes.
 */
function stelPakketSamen(
  naam: string,
  pakket: Awaited<ReturnType<typeof bouwPakket>>,
  nu: Date,
  opties: MdtoOpties,
): PakketBestand[] {
  const { casus } = pakket;
  const bron = `zvh-wgs ${opties.ZVH_ARCHIEFVORMER}`;
  const dossier: Identificatie = { kenmerk: casus.casusnummer, bron };
  const naamDossier = `Casusdossier ${casus.casusnummer}`;

  const jsonNaam = `${naam}.json`;
  const json = Buffer.from(`${JSON.stringify(gesorteerd(pakket), null, 2)}\n`, 'utf8');
  const jsonId: Identificatie = { kenmerk: `${casus.casusnummer}/${jsonNaam}`, bron };
  const jsonMdto = bestand({
    identificatie: jsonId,
    naam: jsonNaam,
    omvang: json.length,
    sha256: sha256Hex(json),
    checksumDatum: nu.toISOString(),
    isRepresentatieVan: { naam: naamDossier, identificatie: dossier },
  });

  // The archive's term runs from the transfer's archiefdatum (the day itself when a late sweep archives).
  const vandaag = dutchCalendarDate(nu);
  const start = casus.archiefDatum === null ? vandaag : isoDate(casus.archiefDatum);
  const dossierMdto = informatieobject({
    identificatie: dossier,
    naam: naamDossier,
    archiefvormer: {
      naam: opties.ZVH_ARCHIEFVORMER,
      identificatie:
        opties.ZVH_ARCHIEFVORMER_ID === undefined ? undefined : { kenmerk: opties.ZVH_ARCHIEFVORMER_ID, bron: 'OIN' },
    },
    dekkingInTijd: {
      begin: casus.aanmeldDatum === null ? start : dutchCalendarDate(new Date(casus.aanmeldDatum)),
      eind: start,
    },
    bewaartermijn: {
      start,
      jaren: opties.ZVH_ARCHIEF_BEWAARTERMIJN_JAREN,
      eind: addYears(start, opties.ZVH_ARCHIEF_BEWAARTERMIJN_JAREN),
    },
    representaties: [{ naam: jsonNaam, identificatie: jsonId }],
  });

  const bestanden: PakketBestand[] = [
    { naam: jsonNaam, bytes: json },
    { naam: `${jsonNaam}.bestand.mdto.xml`, bytes: jsonMdto },
    { naam: `${naam}.mdto.xml`, bytes: dossierMdto },
  ];
  const manifest = bestanden.map((b) => `${sha256Hex(b.bytes)}  ${b.naam}\n`).join('');
  return [...bestanden, { naam: MANIFEST, bytes: Buffer.from(manifest, 'utf8') }];
}

/**
 * An e-Depot refuses MDTO that fails the schema, so such a package is never delivered. Retryable: the cause is this
 * code or its configuration, not the casus, and the attempt that follows a fixed deployment delivers. The message
 * names files, lines and elements only, no values (it ends up in Temporal's history).
 */
async function valideerPakket(casusId: string, bestanden: PakketBestand[]): Promise<void> {
  const mdto = bestanden.filter((b) => b.naam.endsWith('.mdto.xml')).map((b) => ({ naam: b.naam, inhoud: b.bytes }));
  const fouten = await valideerMdto(mdto);
  if (fouten.length === 0) return;
  const melding = `archive package of casus ${casusId} fails MDTO-XML 1.0.1: ${mdtoFoutenKort(fouten)}`;
  throw ApplicationFailure.retryable(melding, 'MDTO_ONGELDIG');
}

async function schrijfBestand(doel: string, bytes: Buffer): Promise<void> {
  const fh = await open(doel, 'wx', 0o640); // holds personal data: not world-readable
  try {
    await fh.writeFile(bytes);
    await fh.sync();
  } finally {
    await fh.close();
  }
}

async function syncMap(map: string): Promise<void> {
  const dir = await open(map, 'r');
  try {
    await dir.sync();
  } catch {
    // Some platforms cannot fsync a directory; the rename is still atomic.
  } finally {
    await dir.close();
  }
}

/**
 * Writes the package as folder `map/naam` so a reader sees either no package or the whole one: a temp folder next
 * to it (same file system, so the rename is atomic), its files flushed before the rename, and the parent flushed
 * after it, because the receipt committed next claims the package is delivered. A folder left by an attempt whose
 * receipt never committed is replaced, not merged into.
 */
async function schrijfPakketMap(map: string, naam: string, bestanden: PakketBestand[]): Promise<void> {
  await mkdir(map, { recursive: true, mode: 0o750 });
  const doel = path.join(map, naam);
  const tijdelijk = path.join(map, `.${naam}.${randomUUID()}.tmp`);
  const oud = `${tijdelijk}.oud`;
  try {
    await mkdir(tijdelijk, { mode: 0o750 });
    for (const b of bestanden) await schrijfBestand(path.join(tijdelijk, b.naam), b.bytes);
    await syncMap(tijdelijk);
    const verplaatst = await rename(doel, oud).then(
      () => true,
      (err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT') return false;
        throw err;
      },
    );
    await rename(tijdelijk, doel);
    if (verplaatst) await rm(oud, { recursive: true, force: true });
  } catch (err) {
    await rm(tijdelijk, { recursive: true, force: true });
    throw err;
  }
  await syncMap(map);
}

/** The intake endpoint's answer: the archive's own reference for the package, kept as the receipt's locatie. */
const ONTVANGSTBEWIJS = /^[A-Za-z0-9._:/-]{1,200}$/;

/**
 * POSTs the package as one multipart/form-data request (a part per file, named after it) with the casus id as
 * `Idempotency-Key`, so the archive can recognise a retry after a lost answer. Any failure throws, and the
 * activity's retry policy tries again; nothing is recorded until the archive has answered with a receipt.
 */
async function leverAanEndpoint(
  url: string,
  casusId: string,
  naam: string,
  bestanden: PakketBestand[],
): Promise<string> {
  const form = new FormData();
  form.append('pakket', naam);
  for (const b of bestanden) form.append(b.naam, new Blob([new Uint8Array(b.bytes)]), b.naam);
  const antwoord = await fetch(url, {
    method: 'POST',
    body: form,
    headers: { 'Idempotency-Key': casusId },
    signal: AbortSignal.timeout(20_000),
  });
  const body: unknown = await antwoord.json().catch(() => null);
  const bewijs = (body as { ontvangstbewijs?: unknown } | null)?.ontvangstbewijs;
  // Only the status in the message: it ends up in Temporal's history.
  if (!antwoord.ok) throw new Error(`archive endpoint answered HTTP ${antwoord.status}`);
  if (typeof bewijs !== 'string' || !ONTVANGSTBEWIJS.test(bewijs))
    throw new Error('archive endpoint gave no valid ontvangstbewijs');
  return bewijs;
}

export function createArchiefActivities(db: Db, opties: ArchiefOpties) {
  const mdto: MdtoOpties = {
    ZVH_ARCHIEFVORMER: opties.ZVH_ARCHIEFVORMER ?? standaardArchief.ZVH_ARCHIEFVORMER,
    ZVH_ARCHIEFVORMER_ID: opties.ZVH_ARCHIEFVORMER_ID,
    ZVH_ARCHIEF_BEWAARTERMIJN_JAREN:
      opties.ZVH_ARCHIEF_BEWAARTERMIJN_JAREN ?? standaardArchief.ZVH_ARCHIEF_BEWAARTERMIJN_JAREN,
  };

  return {
    /**
     * The afgeschermd stage (SPEC §2): from AFGESCHAALD after the nazorgfase, or from an open phase once the maximum
     * bewaartermijn has run out without verlenging (a legal hold keeps such a casus: only the admin set stays
     * visible, and it takes no plan, data item or decision). Otherwise nothing happens; the workflow reloads the
     * casus afterwards and sees where it is. `nu`: the workflow's clock (absent in executions from before).
     */
    async schermAf(casusId: string, nu?: string): Promise<void> {
      const moment = nu === undefined ? new Date() : new Date(nu);
      await db.$transaction(async (tx) => {
        const casus = await tx.casus.findUniqueOrThrow({
          where: { id: casusId },
          select: { fase: true, aanmeldDatum: true, verlengingen: { select: { datum: true, heropening: true } } },
        });
        const maximum = maximumBewaartermijn(
          dutchCalendarDate(casus.aanmeldDatum),
          casus.verlengingen.map(verlengingUitRij),
        );
        const verstreken =
          !afgeslotenFasen.includes(casus.fase) && bewaartermijnVerstreken(dutchCalendarDate(moment), maximum);
        // Conditional update: a concurrent or repeated attempt re-evaluates the phase after the row lock and changes nothing.
        const { count } = await tx.casus.updateMany({
          where: { id: casusId, fase: verstreken ? casus.fase : 'AFGESCHAALD' },
          data: { fase: 'AFGESCHERMD', afgeschermdOp: moment },
        });
        if (count === 0) return;
        await logAudit(tx, {
          medewerkerId: null,
          deelnemerId: null,
          actie: 'casus.afschermen',
          casusId,
          grondslag: verstreken ? GRONDSLAG_MAXIMUM : GRONDSLAG_AFSCHERMEN,
          uitkomst: 'TOEGESTAAN',
          detail: { fase: 'AFGESCHERMD', vanFase: casus.fase },
        });
      }, TRANSACTIE);
    },

    /**
     * SPEC §5: at the archiefdatum the record goes to the archiefbeheerder's archive first. Delivers the complete
     * package (MDTO, see stelPakketSamen; refused unless it validates) to the folder or the intake endpoint, then
     * records the receipt, the phase GEARCHIVEERD and the audit entry in one transaction. Delivery happens while
     * the casus row is locked, so concurrent attempts cannot overwrite each other's package after the receipt's
     * hash was taken; if the transaction fails after the delivery, the next attempt delivers again (a folder is
     * replaced; the endpoint sees the same Idempotency-Key). An existing receipt means done: nothing is delivered
     * again.
     * Returns false, doing nothing, while a legal hold covers the casus.
     */
    async archiveer(casusId: string): Promise<{ gearchiveerd: boolean }> {
      return db.$transaction(async (tx) => {
        await neemLegalHoldLockGedeeld(tx);
        const casus = await lockCasus(tx, casusId);
        // Done before (or moot): true regardless of a hold placed since, as that is what the workflow needs to know.
        if (casus.geanonimiseerd) return { gearchiveerd: true };
        if (await tx.archiefOverdracht.findUnique({ where: { casusId }, select: { casusId: true } }))
          return { gearchiveerd: true };
        if (await heeftLegalHold(tx, casusId)) return { gearchiveerd: false };

        const naam = pakketNaam(casus.casusnummer);
        if (opties.ZVH_ARCHIEF_URL === undefined) {
          // Sanitising could map two casusnummers to one name; never overwrite another casus' package.
          const ander = await tx.archiefOverdracht.findFirst({
            where: { locatie: naam, casusId: { not: casusId } },
            select: { casusId: true },
          });
          if (ander)
            throw weigerFout(
              `archive folder name of casus ${casusId} is taken by casus ${ander.casusId}`,
              'ARCHIEF_NAAM_BEZET',
            );
        }

        const nu = new Date();
        const bestanden = stelPakketSamen(naam, await bouwPakket(tx, casusId, nu), nu, mdto);
        await valideerPakket(casusId, bestanden);
        const sha256 = sha256Hex(bestanden.find((b) => b.naam === MANIFEST)!.bytes);
        // The receipt's locatie: the folder name, or the archive's own reference from the endpoint.
        let locatie = naam;
        if (opties.ZVH_ARCHIEF_URL === undefined) await schrijfPakketMap(opties.archiefMap, naam, bestanden);
        else locatie = await leverAanEndpoint(opties.ZVH_ARCHIEF_URL, casusId, naam, bestanden);

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
          detail: { sha256, locatie },
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
     * content and source of every provided data item and the task, purpose and reason of every request; the texts
     * of every RIEC afstemming and of what a RIEC sent back; the audit
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
          throw weigerFout('anonymisation before archive transfer', 'ARCHIEF_ONTBREEKT');
        }

        const betrokkenen = await tx.betrokkene.updateMany({
          where: { casusId },
          data: { voornamen: null, achternaam: null, geboortedatum: null, bsn: null },
        });
        const beoordelingen = await tx.criteriumBeoordeling.updateMany({
          where: { casusId },
          data: { toelichting: null },
        });
        const besluiten = await tx.besluit.updateMany({
          where: { casusId },
          data: { motivering: null, weigerreden: null },
        });
        const holds = await tx.legalHold.updateMany({ where: { casusId }, data: { reden: GEANONIMISEERDE_REDEN } });
        // The FG's reasons for investigating it; who investigated and when stay (AVG 5 lid 2).
        const onderzoeken = await tx.toezichtOnderzoek.updateMany({
          where: { casusId },
          data: { reden: GEANONIMISEERDE_REDEN },
        });
        const plannen = await tx.planVanAanpak.findMany({
          where: { casusId },
          select: { besluitId: true, interventies: true },
        });
        for (const plan of plannen) {
          // Who does what stays (deelnemer ids); what they do, the picture of the person and the criteria go.
          const interventies = (plan.interventies as Array<{ uitvoerderDeelnemerId?: unknown }>).map((i) => ({
            uitvoerderDeelnemerId: i.uitvoerderDeelnemerId ?? null,
          }));
          await tx.planVanAanpak.update({
            where: { besluitId: plan.besluitId },
            data: {
              toestandsbeeld: GEANONIMISEERDE_REDEN,
              afschalingscriteria: GEANONIMISEERDE_REDEN,
              informatiebehoeften: null,
              interventies,
            },
          });
        }
        const incidenteel = await tx.incidenteleDeelnemer.updateMany({
          where: { casusId },
          data: { reden: GEANONIMISEERDE_REDEN },
        });
        const verstrekkingen = await tx.verstrekking.updateMany({
          where: { casusId },
          data: { omschrijving: GEANONIMISEERDE_REDEN },
        });
        const verzoeken = await tx.informatieverzoek.updateMany({
          where: { casusId },
          data: { taak: GEANONIMISEERDE_REDEN, doel: GEANONIMISEERDE_REDEN, reden: GEANONIMISEERDE_REDEN },
        });
        const gegevens = await tx.gegeven.updateMany({
          where: { casusId },
          data: { inhoud: GEANONIMISEERDE_REDEN, bronvermelding: null },
        });
        // What was asked of and told by a RIEC (WGS 1.7); which RIEC, when and the delivery state stay.
        const riecAfstemmingen = await tx.riecAfstemming.updateMany({
          where: { casusId },
          data: { onderwerp: GEANONIMISEERDE_REDEN, toelichting: GEANONIMISEERDE_REDEN },
        });
        const riecBerichten = await tx.riecBericht.updateMany({
          where: { casusId },
          data: { onderwerp: GEANONIMISEERDE_REDEN, inhoud: GEANONIMISEERDE_REDEN },
        });
        // The Contactpunt's reasons for an uitstel of the informatieplicht and its notes; grounds, dates and channels stay.
        const informatieplicht = await tx.informatieplichtHandeling.updateMany({
          where: { informatieplicht: { casusId } },
          data: { reden: null, weigerreden: null },
        });
        // The klager and the complaint's words, and the letters that quote them; number, dates and judgement stay.
        const klachten = await tx.klacht.updateMany({
          where: { casusId },
          data: {
            klagerNaam: null,
            klagerAdres: null,
            klagerEmail: null,
            omschrijving: null,
            ontvangstbevestiging: null,
          },
        });
        const klachtHandelingen = await tx.klachtHandeling.updateMany({
          where: { klacht: { casusId } },
          data: { gegevens: {}, document: null, weigerreden: null },
        });
        // Wpg 32 / Wjsg 39j records stay their 4 years for the police and OM, unlinked from the casus and its items.
        const registraties = await tx.verstrekkingsregistratie.updateMany({
          where: { casusId },
          data: { casusId: null, gegevenId: null },
        });
        // The link to an earlier casus of the same person goes too: it would tie this skeleton to that one.
        await tx.casus.update({
          where: { id: casusId },
          data: { wettelijkeTaak: null, vorigeCasusId: null, fase: 'GEANONIMISEERD', geanonimiseerdOp: new Date() },
        });
        // AVG-verzoeken whose casussen are all anonymised now lose their requester's personal data too.
        await anonimiseerAvgVerzoekenVan(tx, casusId);
        await vergeetAntwoordenOver(tx, casusId);
        await logAudit(tx, {
          medewerkerId: null,
          deelnemerId: null,
          actie: 'casus.anonimiseren',
          casusId,
          grondslag: GRONDSLAG_ANONIMISEREN,
          uitkomst: 'TOEGESTAAN',
          detail: {
            geanonimiseerd: {
              betrokkenen: betrokkenen.count,
              criteriumBeoordelingen: beoordelingen.count,
              besluiten: besluiten.count,
              legalHolds: holds.count,
              toezichtOnderzoeken: onderzoeken.count,
              plannenVanAanpak: plannen.length,
              incidenteleDeelnemers: incidenteel.count,
              verstrekkingen: verstrekkingen.count,
              informatieverzoeken: verzoeken.count,
              gegevens: gegevens.count,
              informatieplichtHandelingen: informatieplicht.count,
              verstrekkingsregistratiesOntkoppeld: registraties.count,
              riecAfstemmingen: riecAfstemmingen.count,
              riecBerichten: riecBerichten.count,
              klachten: klachten.count,
              klachtHandelingen: klachtHandelingen.count,
            },
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
