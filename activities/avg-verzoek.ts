import { randomUUID } from 'node:crypto';
import { beleid } from '../domain/autorisatie';
import type { Actor } from '../domain/casus';
import {
  avgDeadline,
  avgEindfasen,
  laatsteVerlengdag,
  uavg41Gronden,
  verwezenCategorieen,
  volgendeAvgStap,
  type AvgContext,
  type AvgFase,
  type AvgPolicy,
  type AvgStap,
  type AvgVerzoekInvoer,
  type Uavg41Grond,
  gegevenOver,
} from '../domain/avg-verzoek';
import { addDays, addMonths, compareDates, maxDate, type IsoDate } from '../domain/dates';
import { Prisma } from '../generated/prisma/client';
import { logAudit, type AuditDb } from '../infra/audit';
import { dateColumn, dateOfColumn, dutchCalendarDate, dutchDayStart } from '../infra/calendar';
import type { Db } from '../infra/db';
import { heeftLegalHold, neemLegalHoldLockGedeeld } from '../infra/legal-hold';
import { registreerWorkflowStart } from '../infra/workflow-start';
import { avgVerzoekWorkflowId } from '../workflows/avg-verzoek';
import type { Bericht, MailConfig, Mailer } from '../infra/mail';
import type { DeelnemerMelding, MeldDeelnemer } from './deelnemer-melding';
import { verstuurEenmaal } from './herinneringen';
import { API_BASISPAD } from '../infra/api-versie';
import { weigerFout } from '../domain/weigeringen';
import { volgnummer } from '../infra/volgnummer';
import { escapeHtml } from '../infra/html';

/**
 * AVG-verzoeken (SPEC §4; BGS 1.2; Afspr. 14.3–14.4): registration with the matching of the requester to the
 * betrokkenen of the casussen, the consultation of the deelnemers involved, the Contactpunt's actions and their
 * letters, the inzage export, and the mail around it. Everything personal stays in Postgres; the workflow gets ids,
 * enums and dates. Every read of a casus' personal data is logged per casus.
 */

const BEHANDELEN = 'avgverzoek.behandelen';
const CONSULTEREN = 'avgverzoek.consulteren';
/** The audit action of the request's mail (send-once records). */
const BERICHT = 'avgverzoek.bericht';
const GEEN_PERSOONSGEGEVENS = 'Dit bericht bevat bewust geen persoonsgegevens; het verzoek staat in het ZVH-systeem.';

export type AvgMailConfig = Pick<
  MailConfig,
  'ZVH_MAIL_CONTACTPUNT' | 'ZVH_MAIL_ESCALATIE' | 'ZVH_MAIL_ARCHIEFBEHEERDER'
>;

type Tx = Prisma.TransactionClient;

const log = (db: AuditDb, actor: Actor | null, actie: string, casusId: string | null, detail: Prisma.InputJsonObject) =>
  logAudit(db, {
    medewerkerId: actor?.medewerkerId ?? null,
    deelnemerId: actor?.deelnemerId ?? null,
    actie,
    casusId,
    grondslag: beleid[actie as 'avgverzoek.behandelen'].grondslag,
    uitkomst: 'TOEGESTAAN',
    detail,
  });

// ---------------------------------------------------------------------------------------------------------------
// Registration (called by the API in its request, so the workflow starts on a complete record)

/** The deelnemers involved in a casus' processing: aanmelder, selected deelnemers, providers of data items. */
async function betrokkenDeelnemers(tx: Tx, casusIds: string[]): Promise<string[]> {
  const casussen = await tx.casus.findMany({
    where: { id: { in: casusIds } },
    select: {
      aanmelderDeelnemerId: true,
      deelnemers: { select: { deelnemerId: true } },
      gegevens: { select: { leverancierDeelnemerId: true } },
    },
  });
  return [
    ...new Set(
      casussen.flatMap((c) => [
        c.aanmelderDeelnemerId,
        ...c.deelnemers.map((d) => d.deelnemerId),
        ...c.gegevens.map((g) => g.leverancierDeelnemerId),
      ]),
    ),
  ].sort();
}

/**
 * Stores a request, finds the casussen in which the requester is a betrokkene (BSN, else surname and date of birth;
 * anonymised casussen hold nobody), marks those already in the archive, and opens a consultation for every deelnemer
 * involved in the others. Each matched casus' read is logged.
 */
/**
 * `metWorkflow`: the id to store it under, and its workflow registered in the same transaction (the outbox,
 * infra/workflow-start.ts) — as the API does; a test that runs the workflow itself leaves it out.
 */
export async function registreerAvgVerzoek(
  db: Db,
  invoer: AvgVerzoekInvoer,
  actor: Actor,
  policy: AvgPolicy,
  nu: Date,
  metWorkflow?: { id: string },
): Promise<string> {
  const id = metWorkflow?.id ?? randomUUID();
  const vandaag = dutchCalendarDate(nu);
  const verzoeknummer = await volgnummer(db, 'AVG', nu);
  const { verzoeker } = invoer;
  await db.$transaction(async (tx) => {
    await tx.avgVerzoek.create({
      data: {
        id,
        verzoeknummer,
        soort: invoer.soort,
        ontvangenOp: dateColumn(invoer.ontvangenOp),
        deadline: dateColumn(avgDeadline(invoer.ontvangenOp, false)),
        voornamen: verzoeker.voornamen ?? null,
        achternaam: verzoeker.achternaam,
        geboortedatum: verzoeker.geboortedatum ? dateColumn(verzoeker.geboortedatum) : null,
        bsn: verzoeker.bsn ?? null,
        adres: verzoeker.adres,
        identiteitMethode: invoer.identiteit.methode,
        identiteitGeverifieerdOp: dateColumn(invoer.identiteit.datum),
        toelichting: invoer.toelichting ?? null,
        rectificatie: invoer.rectificatie,
        medewerkerId: actor.medewerkerId,
        deelnemerId: actor.deelnemerId,
      },
    });
    const herkenning: Prisma.BetrokkeneWhereInput = verzoeker.bsn
      ? { bsn: verzoeker.bsn }
      : {
          achternaam: { equals: verzoeker.achternaam, mode: 'insensitive' },
          geboortedatum: dateColumn(verzoeker.geboortedatum!),
        };
    const treffers = await tx.betrokkene.findMany({
      where: { ...herkenning, casus: { geanonimiseerdOp: null } },
      select: { id: true, casusId: true, casus: { select: { gearchiveerdOp: true } } },
    });
    await tx.avgVerzoekCasus.createMany({
      data: treffers.map((t) => ({
        verzoekId: id,
        casusId: t.casusId,
        betrokkeneId: t.id,
        naarArchief: t.casus.gearchiveerdOp !== null,
      })),
    });
    const levend = [...new Set(treffers.filter((t) => t.casus.gearchiveerdOp === null).map((t) => t.casusId))];
    const termijn = dateColumn(addDays(maxDate(vandaag, invoer.ontvangenOp), policy.avgConsultatieDagen));
    await tx.avgConsultatie.createMany({
      data: (await betrokkenDeelnemers(tx, levend)).map((deelnemerId) => ({ verzoekId: id, deelnemerId, termijn })),
    });
    const naarArchief = treffers.length > 0 && levend.length === 0;
    if (naarArchief)
      await tx.avgVerzoek.update({ where: { id }, data: { fase: 'DOORGEZONDEN_ARCHIEF', afgerondOp: nu } });
    if (metWorkflow)
      await registreerWorkflowStart(tx, {
        workflowId: avgVerzoekWorkflowId(id),
        workflowType: 'avgVerzoekWorkflow',
        input: { verzoekId: id },
        fase: naarArchief ? 'DOORGEZONDEN_ARCHIEF' : 'IN_BEHANDELING',
      });
    for (const casusId of new Set(treffers.map((t) => t.casusId)))
      await log(tx, actor, BEHANDELEN, casusId, { verzoekId: id, stap: 'herkenning' });
    await log(tx, actor, BEHANDELEN, null, {
      verzoekId: id,
      stap: 'registratie',
      casussen: new Set(treffers.map((t) => t.casusId)).size,
    });
  });
  return id;
}

// ---------------------------------------------------------------------------------------------------------------
// What the workflow reads

export interface AvgWorkflowContext extends AvgContext {
  /** ISO instant of the next dated step, and the step. */
  volgende: { stap: AvgStap; op: string; deelnemerId?: string } | null;
  /** The current deadline (ISO instant of its last day's start), for the ZvhVolgendeDeadline search attribute. */
  deadline: string;
}

const dagNa = (d: IsoDate) => dutchDayStart(addDays(d, 1)).toISOString();

/** Whether this notification about the request was sent (and logged). */
const verstuurd = async (db: AuditDb, sleutel: Record<string, string>) =>
  (await db.auditLog.count({ where: { casusId: null, actie: BERICHT, detail: { equals: sleutel } } })) > 0;

const sleutels = {
  consultatie: (verzoekId: string, deelnemerId: string) => ({ soort: 'AVG_CONSULTATIE', verzoekId, deelnemerId }),
  consultatieStap: (verzoekId: string, deelnemerId: string, niveau: string) => ({
    soort: 'AVG_CONSULTATIE',
    niveau,
    verzoekId,
    deelnemerId,
  }),
  deadline: (verzoekId: string, niveau: string, deadline: string) => ({
    soort: 'AVG_DEADLINE',
    niveau,
    verzoekId,
    deadline,
  }),
  herbeoordeling: (verzoekId: string, deelnemerId: string, datum: string) => ({
    soort: 'AVG_HERBEOORDELING',
    verzoekId,
    deelnemerId,
    datum,
  }),
  archief: (verzoekId: string) => ({ soort: 'AVG_ARCHIEF', verzoekId }),
  handeling: (verzoekId: string, handelingId: string, aan: string) => ({
    soort: 'AVG_HANDELING',
    verzoekId,
    handelingId,
    aan,
  }),
};

async function laadContext(db: Db, verzoekId: string, policy: AvgPolicy): Promise<AvgWorkflowContext> {
  const v = await db.avgVerzoek.findUniqueOrThrow({
    where: { id: verzoekId },
    select: { fase: true, ontvangenOp: true, deadline: true, consultaties: true },
  });
  const ontvangenOp = dateOfColumn(v.ontvangenOp);
  const deadline = dateOfColumn(v.deadline);
  const verlengd = compareDates(deadline, avgDeadline(ontvangenOp, false)) > 0;
  const consultaties = await Promise.all(
    v.consultaties.map(async (c) => {
      const grond =
        c.uitkomst === 'BEROEP_UAVG41' && c.vervallenOp === null
          ? { omvang: c.omvang as 'VOLLEDIG' | 'GEDEELTELIJK', herbeoordelingOp: dateOfColumn(c.herbeoordelingOp!) }
          : null;
      return {
        deelnemerId: c.deelnemerId,
        termijn: dateOfColumn(c.termijn),
        beantwoord: c.beantwoordOp !== null,
        herinnerd: await verstuurd(db, sleutels.consultatieStap(verzoekId, c.deelnemerId, 'HERINNERING')),
        geescaleerd: await verstuurd(db, sleutels.consultatieStap(verzoekId, c.deelnemerId, 'ESCALATIE')),
        grond,
      };
    }),
  );
  const stand = {
    fase: v.fase,
    ontvangenOp,
    verlengd,
    deadlineHerinnerd: await verstuurd(db, sleutels.deadline(verzoekId, 'HERINNERING', deadline)),
    deadlineGeescaleerd: await verstuurd(db, sleutels.deadline(verzoekId, 'ESCALATIE', deadline)),
    consultaties,
  };
  const volgende = volgendeAvgStap(stand, policy);
  return {
    fase: v.fase,
    verlengd,
    verlengenTot: dagNa(laatsteVerlengdag(ontvangenOp)),
    consultaties: consultaties.map((c) => ({
      deelnemerId: c.deelnemerId,
      beantwoord: c.beantwoord,
      termijnVoorbij: dagNa(c.termijn),
      grond: c.grond && { omvang: c.grond.omvang },
    })),
    volgende: volgende && {
      stap: volgende.stap,
      op: dutchDayStart(volgende.op).toISOString(),
      ...(volgende.deelnemerId ? { deelnemerId: volgende.deelnemerId } : {}),
    },
    deadline: dutchDayStart(deadline).toISOString(),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Inzage (AVG 15; Prot. 18.1): what the request gives the requester, minus what a UAVG 41 ground covers

interface Dekking {
  volledig: boolean;
  gegevenIds: Set<string>;
  categorieen: Set<string>;
  gronden: Uavg41Grond[];
}

async function actieveDekking(db: AuditDb, verzoekId: string): Promise<Dekking> {
  const gronden = await db.avgConsultatie.findMany({
    where: { verzoekId, uitkomst: 'BEROEP_UAVG41', vervallenOp: null },
  });
  // What the Contactpunt's own partial besluit withholds (a follow-up besluit on a lapsed ground leaves it withheld).
  const besluiten = await db.avgHandeling.findMany({
    where: { verzoekId, soort: 'BESLUIT', status: { not: 'GEWEIGERD' } },
    select: { gegevens: true },
  });
  const eigen = besluiten.flatMap(
    (b) => (b.gegevens as { geweigerdeGegevenIds?: string[] }).geweigerdeGegevenIds ?? [],
  );
  return {
    volledig: gronden.some((g) => g.omvang === 'VOLLEDIG'),
    gegevenIds: new Set([...gronden.flatMap((g) => g.gegevenIds), ...eigen]),
    categorieen: new Set(gronden.flatMap((g) => g.categorieen)),
    gronden: [...new Set(gronden.map((g) => g.grond as Uavg41Grond))].sort(),
  };
}

/**
 * A granted wissen, beperking or bezwaar carried out (AVG 17, 18, 21; Prot. 19.3, 20.4) on the items about the
 * requester in each
 * matched casus not yet archived — never what a live UAVG 41 ground withholds (a partial besluit leaves that part),
 * nor police and justitiële data, which their own organisations handle (Prot. 17.5–17.6). WISSEN removes the content
 * (the record that an item existed stays; the audit keeps the fact and the count, never the content); BEPERKING
 * marks the items, so that nobody sees or provides them (domain/casusproces.ts `magGegevenZien`) until lifted; a
 * granted BEZWAAR (the Contactpunt found no overriding grounds; AVG 21 lid 1) marks them too and stops the processing
 * of the person: no new item about him is taken (api/gegeven-opslag.ts). A casus under a legal hold is not erased: that is logged, and the deelnemers' mail asks them to carry it out later.
 */
async function voerBesluitUit(
  tx: Tx,
  v: { id: string; soort: string; verzoeknummer: string },
  handelingId: string,
  nu: Date,
) {
  const dekking = await actieveDekking(tx, v.id);
  if (dekking.volledig) return;
  const stap = v.soort.toLowerCase();
  // Like every destruction, erasing waits for a legal hold (infra/legal-hold.ts).
  if (v.soort === 'WISSEN') await neemLegalHoldLockGedeeld(tx);
  for (const m of await tx.avgVerzoekCasus.findMany({ where: { verzoekId: v.id, naarArchief: false } })) {
    const persoon = await tx.betrokkene.findUnique({ where: { id: m.betrokkeneId }, select: { id: true, rol: true } });
    if (!persoon) continue;
    // A bezwaar granted (no overriding grounds, AVG 21 lid 1): nothing new about the person is taken any more.
    if (v.soort === 'BEZWAAR')
      await tx.betrokkene.updateMany({
        where: { id: persoon.id, verwerkingGestaaktOp: null },
        data: { verwerkingGestaaktOp: nu },
      });
    if (v.soort === 'WISSEN' && (await heeftLegalHold(tx, m.casusId))) {
      await log(tx, null, BEHANDELEN, m.casusId, { verzoekId: v.id, handelingId, stap, legalHold: true });
      continue;
    }
    const ids = (
      await tx.gegeven.findMany({
        where: { casusId: m.casusId, verwijderdOp: null },
        select: { id: true, categorie: true, betrokkeneIds: true },
      })
    )
      .filter((g) => gegevenOver(g, persoon) && !(g.categorie in verwezenCategorieen))
      .filter((g) => !dekking.gegevenIds.has(g.id) && !dekking.categorieen.has(g.categorie))
      .map((g) => g.id);
    if (ids.length === 0) continue;
    await tx.gegeven.updateMany({
      where: { id: { in: ids } },
      data:
        v.soort === 'WISSEN'
          ? {
              inhoud: `[gewist: AVG-verzoek ${v.verzoeknummer}]`,
              bronvermelding: null,
              verwijderdOp: nu,
              avgVerzoekId: v.id,
            }
          : { beperktOp: nu, avgVerzoekId: v.id },
    });
    await log(tx, null, BEHANDELEN, m.casusId, { verzoekId: v.id, handelingId, stap, aantal: ids.length });
  }
}

const DOEL =
  'Gezamenlijke aanpak van complexe problematiek in het Zorg- en Veiligheidshuis: voorkomen en verminderen van (ernstige) overlast, criminaliteit en onveilige situaties (WGS 2.26 en 2.31)';

/**
 * The overview of Prot. 18.1 / AVG 15 for the requester: per casus the data about them, purposes, categories,
 * recipients, retention and source; police and justitiële data referred to their own organisations (Prot.
 * 17.5–17.6); what a live UAVG 41 ground covers left out. Every casus read is logged for `actor` (null: the workflow).
 */
export async function inzageExport(db: Db, verzoekId: string, actor: Actor | null) {
  const verzoek = await db.avgVerzoek.findUniqueOrThrow({
    where: { id: verzoekId },
    select: { verzoeknummer: true, casussen: { select: { casusId: true, betrokkeneId: true, naarArchief: true } } },
  });
  const dekking = await actieveDekking(db, verzoekId);
  const archief = verzoek.casussen.filter((c) => c.naarArchief);
  const levend = verzoek.casussen.filter((c) => !c.naarArchief);
  const namen = new Map((await db.deelnemer.findMany({ select: { id: true, naam: true } })).map((d) => [d.id, d.naam]));
  const naam = (id: string) => namen.get(id) ?? id;
  const casussen = [];
  for (const { casusId, betrokkeneId } of levend) {
    const casus = await db.casus.findUniqueOrThrow({
      where: { id: casusId },
      include: {
        betrokkenen: { where: { id: betrokkeneId } },
        criteriumBeoordelingen: { orderBy: [{ createdAt: 'asc' }, { criterium: 'asc' }] },
        deelnemers: true,
        gegevens: { where: { verwijderdOp: null }, orderBy: { createdAt: 'asc' } },
        incidenteleDeelnemers: { include: { verstrekkingen: true } },
        riecAfstemmingen: { include: { koppeling: { select: { naam: true } } } },
      },
    });
    await log(db, actor, BEHANDELEN, casusId, { verzoekId, stap: 'inzage' });
    if (dekking.volledig) continue;
    const b = casus.betrokkenen[0];
    // Only data about the requester (Prot. 18.1): a gezinslid never sees what is about the betrokkene.
    const over = (g: { betrokkeneIds: readonly string[] }) => b !== undefined && gegevenOver(g, b);
    const eigen = casus.gegevens.filter(over);
    const eigenIds = new Set(eigen.map((g) => g.id));
    const verwezen = eigen.filter((g) => g.categorie in verwezenCategorieen);
    const geheim = (g: { id: string; categorie: string }) =>
      dekking.gegevenIds.has(g.id) || dekking.categorieen.has(g.categorie);
    const gegevens = eigen.filter((g) => !(g.categorie in verwezenCategorieen) && !geheim(g));
    // A RIEC received data about him when an item about him went along, or the afstemming was about the casus.
    const riecs = casus.riecAfstemmingen.filter((a) =>
      a.gegevenIds.length === 0 ? over({ betrokkeneIds: [] }) : a.gegevenIds.some((id) => eigenIds.has(id)),
    );
    casussen.push({
      casusnummer: casus.casusnummer,
      rol: b?.rol ?? null,
      persoonsgegevens: b && {
        voornamen: b.voornamen,
        achternaam: b.achternaam,
        geboortedatum: b.geboortedatum && dateOfColumn(b.geboortedatum),
        bsn: b.bsn,
      },
      verwerkingsdoeleinden: [
        DOEL,
        ...(casus.wettelijkeTaak ? [`Wettelijke taak van de aanmelder: ${casus.wettelijkeTaak}`] : []),
      ],
      categorieen: [...new Set(['IDENTIFICERENDE_GEGEVENS', ...gegevens.map((g) => g.categorie)])],
      // The criteria are assessed about the betrokkene, not about the others in the casus.
      beoordelingen:
        dekking.categorieen.size > 0 || dekking.gegevenIds.size > 0 || b?.rol !== 'BETROKKENE'
          ? []
          : casus.criteriumBeoordelingen.map((k) => ({
              moment: k.moment,
              criterium: k.criterium,
              mate: k.mate,
              toelichting: k.toelichting,
            })),
      gegevens: gegevens.map((g) => ({
        categorie: g.categorie,
        verstrektDoor: naam(g.leverancierDeelnemerId),
        grondslag: g.grondslag,
        inhoud: g.inhoud,
        verstrektOp: g.createdAt.toISOString(),
        beperkt: g.beperktOp !== null,
      })),
      bron: {
        aanmelder: naam(casus.aanmelderDeelnemerId),
        verstrekkers: [...new Set(gegevens.map((g) => naam(g.leverancierDeelnemerId)))],
      },
      ontvangers: [
        ...casus.deelnemers.map((d) => naam(d.deelnemerId)),
        ...casus.incidenteleDeelnemers.filter((i) => i.verstrekkingen.length > 0).map((i) => i.organisatie),
        ...[...new Set(riecs.map((a) => a.koppeling.naam))].map((n) => `${n} (RIEC)`),
      ],
      bewaartermijn: {
        archiefdatum: casus.archiefDatum && dateOfColumn(casus.archiefDatum),
        criterium:
          'Tot één jaar na afsluiting van de casus, ten hoogste vijf jaar na de aanmelding (BGS 1.16); daarna naar het archief van de archiefbeheerder en geanonimiseerd.',
      },
      verwezen: [...new Set(verwezen.map((g) => g.categorie as keyof typeof verwezenCategorieen))].map((categorie) => ({
        categorie,
        aan: verwezenCategorieen[categorie],
      })),
    });
  }
  return {
    verzoeknummer: verzoek.verzoeknummer,
    casussen,
    gedeeltelijkGeweigerd:
      dekking.gronden.length > 0
        ? {
            gronden: dekking.gronden.map((g) => `artikel 41 lid 1 sub ${g} UAVG: ${uavg41Gronden[g]}`),
            volledig: dekking.volledig,
          }
        : null,
    naarArchiefbeheerder: archief.length,
    rechten:
      'U kunt verzoeken uw gegevens te laten rectificeren of wissen, de verwerking te beperken, en bezwaar maken tegen de verwerking. U kunt een klacht indienen bij de Autoriteit Persoonsgegevens.',
  };
}
export type InzageExport = Awaited<ReturnType<typeof inzageExport>>;

// ---------------------------------------------------------------------------------------------------------------
// Letters (documents for the requester; HTML, Dutch)

const soortNaam: Record<string, string> = {
  INZAGE: 'inzage',
  RECTIFICATIE: 'rectificatie',
  WISSEN: 'wissing',
  BEPERKING: 'beperking van de verwerking',
  BEZWAAR: 'bezwaar tegen de verwerking',
};
const uitkomstNaam: Record<string, string> = {
  TOEGEWEZEN: 'toegewezen',
  GEDEELTELIJK_TOEGEWEZEN: 'gedeeltelijk toegewezen',
  AFGEWEZEN: 'afgewezen',
};

interface Aanhef {
  verzoeknummer: string;
  soort: string;
  ontvangenOp: Date;
  voornamen: string | null;
  achternaam: string | null;
  adres: string | null;
}

const brief = (v: Aanhef, datum: IsoDate, titel: string, alineas: string[]) =>
  [
    '<!doctype html><html lang="nl"><meta charset="utf-8">',
    `<title>${escapeHtml(titel)}</title>`,
    `<p>${escapeHtml([v.voornamen, v.achternaam].filter(Boolean).join(' '))}<br>${escapeHtml(v.adres ?? '').replace(/\n/g, '<br>')}</p>`,
    `<p>Datum: ${datum}<br>Kenmerk: ${escapeHtml(v.verzoeknummer)}<br>Onderwerp: uw verzoek om ${soortNaam[v.soort]} van ${dateOfColumn(v.ontvangenOp)}</p>`,
    `<h1>${escapeHtml(titel)}</h1>`,
    ...alineas.map((a) => (a.startsWith('<') ? a : `<p>${escapeHtml(a)}</p>`)),
    '<p>Het Contactpunt van het Zorg- en Veiligheidshuis</p></html>',
  ].join('\n');

/** AVG 12 lid 3: the extension is announced to the requester within the first month, with the reason. */
const verlengingsbrief = (v: Aanhef, datum: IsoDate, reden: string, nieuweDeadline: IsoDate) =>
  brief(v, datum, 'Verlenging van de beslistermijn', [
    `Wij hebben uw verzoek op ${dateOfColumn(v.ontvangenOp)} ontvangen. Wij kunnen er niet binnen een maand op beslissen en verlengen de termijn daarom met twee maanden, tot en met ${nieuweDeadline} (artikel 12, derde lid, AVG).`,
    `Reden: ${reden}`,
  ]);

/** An Awb-besluit with its motivation, the UAVG 41 grounds it rests on, the inzage overview and the bezwaarclausule. */
function besluitbrief(
  v: Aanhef,
  datum: IsoDate,
  uitkomst: string,
  motivering: string,
  exportOverzicht: InzageExport | null,
  vervolg: boolean,
) {
  const alineas = [
    `${vervolg ? 'Eerder hebben wij uw verzoek gedeeltelijk afgewezen op grond van artikel 41 UAVG. Die uitzonderingsgrond is (deels) vervallen; wij honoreren uw verzoek alsnog (Bestuurlijke afspraken, artikel 14.4). ' : ''}Wij hebben besloten uw verzoek om ${soortNaam[v.soort]} ${uitkomstNaam[uitkomst]}.`,
    `Motivering: ${motivering}`,
  ];
  if (exportOverzicht?.gedeeltelijkGeweigerd)
    alineas.push(
      `Een deel van de gegevens verstrekken wij (nog) niet, op grond van ${exportOverzicht.gedeeltelijkGeweigerd.gronden.join('; ')}.`,
    );
  if (exportOverzicht) {
    for (const c of exportOverzicht.casussen) {
      alineas.push(
        `<h2>Casus ${escapeHtml(c.casusnummer)}</h2>`,
        `<pre>${escapeHtml(JSON.stringify(c, null, 2))}</pre>`,
      );
      for (const w of c.verwezen)
        alineas.push(
          `Voor gegevens van ${w.aan} kunt u zich rechtstreeks tot die organisatie wenden (Privacyprotocol, artikel 17.5–17.6).`,
        );
    }
    if (exportOverzicht.naarArchiefbeheerder > 0)
      alineas.push(
        'Een deel van de gegevens is al overgedragen aan het archief; uw verzoek daarover is doorgestuurd naar de archiefbeheerder.',
      );
  }
  alineas.push(
    'Bezwaar: tegen dit besluit kunt u binnen zes weken na de dag waarop het is bekendgemaakt bezwaar maken bij het Contactpunt van het Zorg- en Veiligheidshuis (artikelen 6:4 en 6:7 Algemene wet bestuursrecht). Vermeld in uw bezwaarschrift uw naam en adres, de datum, het kenmerk van dit besluit en waarom u het er niet mee eens bent, en onderteken het.',
    'U kunt ook een klacht indienen bij de Autoriteit Persoonsgegevens.',
  );
  return brief(v, datum, `Besluit op uw verzoek om ${soortNaam[v.soort]}`, alineas);
}

// ---------------------------------------------------------------------------------------------------------------
// Activities

export interface AvgHandelingInput {
  verzoekId: string;
  handelingId: string;
  /** The workflow's clock (ISO). */
  nu: string;
}

export function createAvgVerzoekActivities(
  db: Db,
  policy: AvgPolicy,
  mailer: Mailer,
  mail: AvgMailConfig,
  meldDeelnemer: MeldDeelnemer,
) {
  const eenmalig = (sleutel: Record<string, string>) => ({
    casusId: null,
    sleutel,
    actie: BERICHT,
    grondslag: beleid[BEHANDELEN].grondslag,
  });
  const eenmaal = (sleutel: Record<string, string>, bericht: Bericht) =>
    verstuurEenmaal(db, mailer, eenmalig(sleutel), bericht);
  /** Through the deelnemer's koppeling; without one, its contactEmail, else the Contactpunt's own box. */
  const meld = (deelnemerId: string, sleutel: Record<string, string>, melding: DeelnemerMelding) =>
    meldDeelnemer(deelnemerId, eenmalig(sleutel), melding, mail.ZVH_MAIL_CONTACTPUNT);
  const nummer = async (verzoekId: string) =>
    (await db.avgVerzoek.findUniqueOrThrow({ where: { id: verzoekId }, select: { verzoeknummer: true } }))
      .verzoeknummer;

  /** To the involved deelnemers (BGS 1.6; carrying out a granted rectificatie, wissing, beperking or bezwaar). */
  async function meldAanDeelnemers(verzoekId: string, handelingId: string, onderwerp: string, tekst: string) {
    for (const { deelnemerId } of await db.avgConsultatie.findMany({
      where: { verzoekId },
      select: { deelnemerId: true },
    })) {
      await meld(deelnemerId, sleutels.handeling(verzoekId, handelingId, deelnemerId), {
        soort: 'AVG_UITVOERING',
        kenmerk: await nummer(verzoekId),
        onderwerp,
        tekst: [tekst, '', GEEN_PERSOONSGEGEVENS].join('\n'),
        messageId: `<avg.${handelingId}.${deelnemerId}@zvh-wgs>`,
      });
    }
  }

  /** Records an accepted besluit (the Contactpunt's, or the follow-up one when a ground lapsed) with its letter. */
  async function stelBesluitVast(
    tx: Tx,
    verzoekId: string,
    handelingId: string,
    uitkomst: string,
    motivering: string,
    nu: Date,
    vervolg: boolean,
  ) {
    const v = await tx.avgVerzoek.findUniqueOrThrow({ where: { id: verzoekId } });
    const overzicht =
      v.soort === 'INZAGE' && uitkomst !== 'AFGEWEZEN' ? await inzageExport(tx as Db, verzoekId, null) : null;
    const document = besluitbrief(v, dutchCalendarDate(nu), uitkomst, motivering, overzicht, vervolg);
    const actief = await tx.avgConsultatie.count({
      where: { verzoekId, uitkomst: 'BEROEP_UAVG41', vervallenOp: null },
    });
    const fase: AvgFase = actief > 0 ? 'UAVG41_HERBEOORDELING' : 'AFGEHANDELD';
    await tx.avgVerzoek.update({
      where: { id: verzoekId },
      data: { fase, afgerondOp: fase === 'AFGEHANDELD' ? nu : null },
    });
    if (v.soort === 'RECTIFICATIE' && uitkomst !== 'AFGEWEZEN' && v.rectificatie) {
      // BGS 1.6: the correction is applied to the betrokkene rows the request matched; the aanmelder and providers hear of it.
      const r = v.rectificatie as { voornamen?: string; achternaam?: string; geboortedatum?: string };
      const ids = await tx.avgVerzoekCasus.findMany({
        where: { verzoekId, naarArchief: false },
        select: { betrokkeneId: true, casusId: true },
      });
      await tx.betrokkene.updateMany({
        where: { id: { in: ids.map((i) => i.betrokkeneId) } },
        data: {
          ...(r.voornamen ? { voornamen: r.voornamen } : {}),
          ...(r.achternaam ? { achternaam: r.achternaam } : {}),
          ...(r.geboortedatum ? { geboortedatum: dateColumn(r.geboortedatum as IsoDate) } : {}),
        },
      });
      for (const casusId of new Set(ids.map((i) => i.casusId)))
        await log(tx, null, BEHANDELEN, casusId, { verzoekId, handelingId, stap: 'rectificatie' });
    }
    if (['WISSEN', 'BEPERKING', 'BEZWAAR'].includes(v.soort) && uitkomst !== 'AFGEWEZEN')
      await voerBesluitUit(tx, v, handelingId, nu);
    return { document, fase, soort: v.soort, verzoeknummer: v.verzoeknummer };
  }

  return {
    /** Consultation mails (and the archive referral) once the request is registered; each sent once. */
    async openAvgVerzoek(verzoekId: string): Promise<void> {
      const v = await db.avgVerzoek.findUniqueOrThrow({
        where: { id: verzoekId },
        select: {
          verzoeknummer: true,
          consultaties: true,
          casussen: { where: { naarArchief: true }, select: { casusId: true } },
        },
      });
      for (const c of v.consultaties) {
        await meld(c.deelnemerId, sleutels.consultatie(verzoekId, c.deelnemerId), {
          soort: 'AVG_CONSULTATIE',
          kenmerk: v.verzoeknummer,
          onderwerp: `Raadpleging AVG-verzoek ${v.verzoeknummer}`,
          tekst: [
            `Het Contactpunt van het Zorg- en Veiligheidshuis beslist op AVG-verzoek ${v.verzoeknummer} en raadpleegt daarover de deelnemers die bij de verwerking betrokken zijn (artikel 1.2, tweede lid, BGS).`,
            `Wilt u uiterlijk ${dateOfColumn(c.termijn)} in het ZVH-systeem antwoorden (POST ${API_BASISPAD}/avg-verzoeken/${verzoekId}/consultatie-antwoord): geen bezwaar, of een beroep op artikel 41 UAVG met de grond en de gegevens die het betreft?`,
            '',
            GEEN_PERSOONSGEGEVENS,
          ].join('\n'),
          messageId: `<avg.consultatie.${verzoekId}.${c.deelnemerId}@zvh-wgs>`,
        });
      }
      if (v.casussen.length > 0) {
        const casusnummers = (
          await db.casus.findMany({
            where: { id: { in: v.casussen.map((c) => c.casusId) } },
            select: { casusnummer: true },
          })
        )
          .map((c) => c.casusnummer)
          .sort();
        await eenmaal(sleutels.archief(verzoekId), {
          aan: mail.ZVH_MAIL_ARCHIEFBEHEERDER,
          onderwerp: `AVG-verzoek ${v.verzoeknummer} over gearchiveerde casussen`,
          tekst: [
            `AVG-verzoek ${v.verzoeknummer} betreft casussen die al aan uw archief zijn overgedragen: ${casusnummers.join(', ')}. Na de overdracht handelt de archiefbeheerder AVG-verzoeken af (Bestuurlijke afspraken, artikel 16; factsheet Bewaartermijnen, "Archiveren").`,
            'Het Contactpunt stuurt u het verzoek zelf via een beveiligd kanaal.',
            '',
            GEEN_PERSOONSGEGEVENS,
          ].join('\n'),
          messageId: `<avg.archief.${verzoekId}@zvh-wgs>`,
        });
      }
    },

    async laadAvgContext(verzoekId: string): Promise<AvgWorkflowContext> {
      return laadContext(db, verzoekId, policy);
    },

    /** A dated step: a reminder or escalation, or asking a deelnemer to re-test its UAVG 41 ground. Sent once. */
    async voerAvgStapUit({
      verzoekId,
      stap,
      deelnemerId,
    }: {
      verzoekId: string;
      stap: AvgStap;
      deelnemerId?: string;
    }): Promise<{ verstuurd: boolean }> {
      const v = await db.avgVerzoek.findUniqueOrThrow({
        where: { id: verzoekId },
        select: {
          verzoeknummer: true,
          deadline: true,
          fase: true,
          consultaties: { where: { deelnemerId: deelnemerId ?? '' } },
        },
      });
      const deadline = dateOfColumn(v.deadline);
      const c = v.consultaties[0];
      if (stap === 'DEADLINE_HERINNEREN' || stap === 'DEADLINE_ESCALEREN') {
        const niveau = stap === 'DEADLINE_HERINNEREN' ? 'HERINNERING' : 'ESCALATIE';
        return eenmaal(sleutels.deadline(verzoekId, niveau, deadline), {
          aan: niveau === 'HERINNERING' ? mail.ZVH_MAIL_CONTACTPUNT : mail.ZVH_MAIL_ESCALATIE,
          onderwerp: `${niveau === 'HERINNERING' ? 'Herinnering' : 'Escalatie: termijn verstreken'}: besluit op AVG-verzoek ${v.verzoeknummer}`,
          tekst: [
            niveau === 'HERINNERING'
              ? `Op AVG-verzoek ${v.verzoeknummer} moet uiterlijk ${deadline} besloten zijn (artikel 12, derde lid, AVG). Wilt u het besluit tijdig nemen, of binnen de eerste maand de termijn verlengen?`
              : `De termijn voor het besluit op AVG-verzoek ${v.verzoeknummer} is op ${deadline} verstreken zonder besluit (artikel 12, derde lid, AVG). Wilt u zorgen dat het Contactpunt alsnog onverwijld beslist?`,
            '',
            GEEN_PERSOONSGEGEVENS,
          ].join('\n'),
          messageId: `<avg.deadline.${niveau.toLowerCase()}.${verzoekId}.${deadline}@zvh-wgs>`,
        });
      }
      if (!c) return { verstuurd: false };
      if (stap === 'HERBEOORDELEN') {
        if (c.vervallenOp !== null || c.herbeoordelingOp === null) return { verstuurd: false };
        const datum = dateOfColumn(c.herbeoordelingOp);
        const resultaat = await meld(c.deelnemerId, sleutels.herbeoordeling(verzoekId, c.deelnemerId, datum), {
          soort: 'AVG_HERBEOORDELING',
          kenmerk: v.verzoeknummer,
          onderwerp: `Herbeoordeling beroep op artikel 41 UAVG, AVG-verzoek ${v.verzoeknummer}`,
          tekst: [
            `Uw organisatie beriep zich bij AVG-verzoek ${v.verzoeknummer} op artikel 41 UAVG. Wilt u toetsen of die uitzonderingsgrond nog geldt en dat in het ZVH-systeem vastleggen (POST ${API_BASISPAD}/avg-verzoeken/${verzoekId}/herbeoordeling)? Vervalt de grond, dan wordt het verzoek alsnog gehonoreerd (Bestuurlijke afspraken, artikel 14.4).`,
            '',
            GEEN_PERSOONSGEGEVENS,
          ].join('\n'),
          messageId: `<avg.herbeoordeling.${verzoekId}.${c.deelnemerId}.${datum}@zvh-wgs>`,
        });
        // The next re-test comes after the policy interval (an answer with its own date overrides it).
        await db.avgConsultatie.updateMany({
          where: { verzoekId, deelnemerId: c.deelnemerId, herbeoordelingOp: c.herbeoordelingOp },
          data: { herbeoordelingOp: dateColumn(addMonths(datum, policy.uavg41HerbeoordelingMaanden)) },
        });
        return resultaat;
      }
      if (c.beantwoordOp !== null) return { verstuurd: false };
      const niveau = stap === 'CONSULTATIE_HERINNEREN' ? 'HERINNERING' : 'ESCALATIE';
      const termijn = dateOfColumn(c.termijn);
      const sleutel = sleutels.consultatieStap(verzoekId, c.deelnemerId, niveau);
      const messageId = `<avg.consultatie.${niveau.toLowerCase()}.${verzoekId}.${c.deelnemerId}@zvh-wgs>`;
      const onderwerp = `${niveau === 'HERINNERING' ? 'Herinnering' : 'Escalatie'}: raadpleging AVG-verzoek ${v.verzoeknummer}`;
      // The reminder goes to the deelnemer (through its koppeling), the escalation to the Contactpunt.
      if (niveau === 'HERINNERING') {
        const tekst = [
          `Het antwoord van uw organisatie op de raadpleging over AVG-verzoek ${v.verzoeknummer} was uiterlijk ${termijn} verwacht. Wilt u zo spoedig mogelijk antwoorden?`,
          '',
          GEEN_PERSOONSGEGEVENS,
        ].join('\n');
        return meld(c.deelnemerId, sleutel, {
          soort: 'AVG_CONSULTATIE_HERINNERING',
          kenmerk: v.verzoeknummer,
          onderwerp,
          tekst,
          messageId,
        });
      }
      return eenmaal(sleutel, {
        aan: mail.ZVH_MAIL_CONTACTPUNT,
        onderwerp,
        tekst: [
          `Deelnemer ${c.deelnemerId} heeft na een herinnering de raadpleging over AVG-verzoek ${v.verzoeknummer} (termijn ${termijn}) niet beantwoord. Het besluit moet uiterlijk ${deadline} genomen zijn.`,
          '',
          GEEN_PERSOONSGEGEVENS,
        ].join('\n'),
        messageId,
      });
    },

    /** Applies an action the workflow accepted; idempotent (an accepted action is not applied twice). */
    async legAvgHandelingVast({ verzoekId, handelingId, nu }: AvgHandelingInput): Promise<void> {
      const op = new Date(nu);
      const gevolg = await db.$transaction(async (tx) => {
        const h = await tx.avgHandeling.findUniqueOrThrow({ where: { id: handelingId } });
        if (h.verzoekId !== verzoekId) throw weigerFout('handeling of another request', 'ONGELDIG');
        if (h.status === 'VASTGESTELD') return null;
        const g = h.gegevens as Record<string, unknown>;
        const actor = { medewerkerId: h.medewerkerId!, deelnemerId: h.deelnemerId! } as Actor;
        const vast = (data: Prisma.AvgHandelingUpdateInput = {}) =>
          tx.avgHandeling.update({
            where: { id: handelingId },
            data: { status: 'VASTGESTELD', vastgesteldOp: op, ...data },
          });
        const consultatie = { verzoekId_deelnemerId: { verzoekId, deelnemerId: h.deelnemerId ?? '' } };
        let gevolg: { soort: string; tekst?: string; besluit?: { verzoeknummer: string; soort: string } } = {
          soort: h.soort,
        };
        if (h.soort === 'CONSULTATIE_ANTWOORD') {
          const beroep = g.uitkomst === 'BEROEP_UAVG41';
          const herbeoordeling =
            (g.herbeoordelingsdatum as IsoDate | undefined) ??
            addMonths(dutchCalendarDate(op), policy.uavg41HerbeoordelingMaanden);
          await tx.avgConsultatie.update({
            where: consultatie,
            data: {
              uitkomst: g.uitkomst as string,
              beantwoordOp: op,
              ...(beroep
                ? {
                    grond: g.grond as string,
                    omvang: g.omvang as string,
                    gegevenIds: g.gegevenIds as string[],
                    categorieen: g.categorieen as string[],
                    herbeoordelingOp: dateColumn(herbeoordeling),
                  }
                : {}),
            },
          });
          await vast();
        } else if (h.soort === 'VERLENGING') {
          const v = await tx.avgVerzoek.findUniqueOrThrow({ where: { id: verzoekId } });
          const nieuw = avgDeadline(dateOfColumn(v.ontvangenOp), true);
          await tx.avgVerzoek.update({ where: { id: verzoekId }, data: { deadline: dateColumn(nieuw) } });
          await vast({ document: verlengingsbrief(v, dutchCalendarDate(op), h.motivering ?? '', nieuw) });
          gevolg = {
            soort: h.soort,
            tekst: `De beslistermijn van AVG-verzoek ${v.verzoeknummer} is verlengd tot en met ${nieuw}. De verlengingsbrief aan de verzoeker staat klaar in het ZVH-systeem; verstuur die binnen de eerste maand.`,
          };
        } else if (h.soort === 'BESLUIT') {
          const b = await stelBesluitVast(
            tx,
            verzoekId,
            handelingId,
            g.uitkomst as string,
            h.motivering ?? '',
            op,
            false,
          );
          await vast({ document: b.document });
          gevolg = {
            soort: h.soort,
            tekst: `Het besluit op AVG-verzoek ${b.verzoeknummer} staat klaar in het ZVH-systeem om aan de verzoeker te versturen.`,
            besluit: b,
          };
        } else {
          if (g.uitkomst === 'VERVALLEN') {
            await tx.avgConsultatie.update({ where: consultatie, data: { vervallenOp: op } });
            await vast();
            // Afspr. 14.4: the part the ground withheld is honoured now, in a follow-up besluit of the Contactpunt.
            const vervolgId = randomUUID();
            const rest = await tx.avgConsultatie.count({
              where: { verzoekId, uitkomst: 'BEROEP_UAVG41', vervallenOp: null },
            });
            const uitkomst = rest > 0 ? 'GEDEELTELIJK_TOEGEWEZEN' : 'TOEGEWEZEN';
            const motivering = `De uitzonderingsgrond van artikel 41 UAVG waarop deelnemer ${h.deelnemerId} zich beriep, is vervallen; het eerder geweigerde deel wordt alsnog gehonoreerd (Bestuurlijke afspraken, artikel 14.4).`;
            await tx.avgHandeling.create({
              data: {
                id: vervolgId,
                verzoekId,
                soort: 'BESLUIT',
                gegevens: { uitkomst, vervolgOp: handelingId },
                motivering,
              },
            });
            const b = await stelBesluitVast(tx, verzoekId, vervolgId, uitkomst, motivering, op, true);
            await tx.avgHandeling.update({
              where: { id: vervolgId },
              data: { status: 'VASTGESTELD', vastgesteldOp: op, document: b.document },
            });
            gevolg = {
              soort: 'BESLUIT',
              tekst: `De uitzonderingsgrond bij AVG-verzoek ${b.verzoeknummer} is vervallen; het vervolgbesluit staat klaar in het ZVH-systeem om aan de verzoeker te versturen.`,
              besluit: b,
            };
          } else {
            const datum =
              (g.herbeoordelingsdatum as IsoDate | undefined) ??
              addMonths(dutchCalendarDate(op), policy.uavg41HerbeoordelingMaanden);
            await tx.avgConsultatie.update({ where: consultatie, data: { herbeoordelingOp: dateColumn(datum) } });
            await vast();
          }
        }
        await log(
          tx,
          actor.medewerkerId ? actor : null,
          h.soort === 'CONSULTATIE_ANTWOORD' || h.soort === 'HERBEOORDELING' ? CONSULTEREN : BEHANDELEN,
          null,
          { verzoekId, handelingId, soort: h.soort },
        );
        return gevolg;
      });
      if (!gevolg?.tekst) return;
      // The Contactpunt hears that a letter waits; the deelnemers hear of a granted correction or other change.
      await eenmaal(sleutels.handeling(verzoekId, handelingId, 'contactpunt'), {
        aan: mail.ZVH_MAIL_CONTACTPUNT,
        onderwerp: `AVG-verzoek ${await nummer(verzoekId)}: document klaar`,
        tekst: [gevolg.tekst, '', GEEN_PERSOONSGEGEVENS].join('\n'),
        messageId: `<avg.${handelingId}.contactpunt@zvh-wgs>`,
      });
      const besluit = await db.avgHandeling.findFirst({
        where: { verzoekId, soort: 'BESLUIT', status: 'VASTGESTELD' },
        orderBy: { vastgesteldOp: 'desc' },
        select: { id: true, gegevens: true },
      });
      const uitkomst = (besluit?.gegevens as { uitkomst?: string } | undefined)?.uitkomst;
      if (gevolg.besluit && besluit && uitkomst !== 'AFGEWEZEN' && gevolg.besluit.soort !== 'INZAGE') {
        await meldAanDeelnemers(
          verzoekId,
          besluit.id,
          `AVG-verzoek ${gevolg.besluit.verzoeknummer}: ${soortNaam[gevolg.besluit.soort]} toegewezen`,
          gevolg.besluit.soort === 'RECTIFICATIE'
            ? `Het Contactpunt heeft op AVG-verzoek ${gevolg.besluit.verzoeknummer} een rectificatie toegewezen en in het ZVH-systeem doorgevoerd. Als aanmelder of verstrekker blijft u verantwoordelijk voor de juistheid van uw gegevens: wilt u de correctie ook in uw eigen registratie doorvoeren (artikel 1.6 BGS)?`
            : `Het Contactpunt heeft op AVG-verzoek ${gevolg.besluit.verzoeknummer} een verzoek om ${soortNaam[gevolg.besluit.soort]} toegewezen en in het ZVH-systeem uitgevoerd. Wilt u het besluit ook in uw eigen registratie uitvoeren? Het besluit staat in het ZVH-systeem.`,
        );
      }
    },
  };
}

export type AvgVerzoekActivities = ReturnType<typeof createAvgVerzoekActivities>;

/** Whether a request has reached its end (the workflow then completes). */
export const isAfgerond = (fase: AvgFase) => avgEindfasen.includes(fase);

/**
 * Retention: a request file lives as long as the casussen it concerns. When the last of them is anonymised
 * (activities/archief.ts), the requester's identity, address, words and the letters are cleared; the number, kind,
 * dates, outcomes and consultation facts stay for the register. Call inside the anonymising transaction.
 */
export async function anonimiseerAvgVerzoekenVan(tx: Tx, casusId: string): Promise<number> {
  const verzoeken = await tx.avgVerzoek.findMany({
    where: {
      geanonimiseerdOp: null,
      fase: { in: [...avgEindfasen] },
      casussen: { some: { casusId }, every: { casus: { geanonimiseerdOp: { not: null } } } },
    },
    select: { id: true },
  });
  return wisVerzoekgegevens(
    tx,
    verzoeken.map((v) => v.id),
  );
}

/** Clears the requester's personal data, words and letters of these requests; the register facts stay. */
export async function wisVerzoekgegevens(tx: Tx, ids: string[]): Promise<number> {
  if (ids.length === 0) return 0;
  await tx.avgVerzoek.updateMany({
    where: { id: { in: ids } },
    data: {
      voornamen: null,
      achternaam: null,
      geboortedatum: null,
      bsn: null,
      adres: null,
      toelichting: null,
      rectificatie: Prisma.DbNull,
      geanonimiseerdOp: new Date(),
    },
  });
  await tx.avgHandeling.updateMany({ where: { verzoekId: { in: ids } }, data: { motivering: null, document: null } });
  return ids.length;
}
