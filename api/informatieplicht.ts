import { Router, type Request } from 'express';
import { z } from 'zod';
import { beleid, type Actie } from '../domain/autorisatie';
import type { Actor } from '../domain/casus';
import { compareDates } from '../domain/dates';
import {
  afgerond,
  afzienSchema,
  blokkerendePersonen,
  hertoetsingSchema,
  magHandeling,
  uitstelSchema,
  verantwoordelijkeVoor,
  verstrektSchema,
  werklijstFilterSchema,
  type HandelingSoort,
  type InformatieplichtMoment,
} from '../domain/informatieplicht';
import type { GegevensCategorie, Prisma } from '../generated/prisma/client';
import { logAudit } from '../infra/audit';
import { dateColumn, dateOfColumn, dutchCalendarDate } from '../infra/calendar';
import type { Contacten } from '../infra/config';
import type { Db } from '../infra/db';
import { informatieplichtHandeling } from '../workflows/informatieplicht';
import { autoriseer } from './authorize';
import { endpoint } from './endpoints';
import { nieuwId } from './idempotentie';
import { parseInput, Problem, problems } from './problem';
import { eerdereWeigering, updateWeigering, type WeigeringOpties } from './update-weigering';
import type { RouteDeps } from './deps';
import { escapeHtml } from '../infra/html';

export interface InformatieplichtRouteDeps extends RouteDeps<'workflows' | 'policy'> {
  /** The Contactpunt and FG as the letter names them. */
  contacten: Contacten;
}

const RAADPLEGEN = 'informatieplicht.raadplegen' satisfies Actie;
const AFHANDELEN = 'informatieplicht.afhandelen' satisfies Actie;
export const idParam = z.object({ id: z.uuid().toLowerCase() });

const metCasus = {
  casus: { select: { casusnummer: true } },
  betrokkene: { select: { rol: true } },
} satisfies Prisma.InformatieplichtInclude;
type Plicht = Prisma.InformatieplichtGetPayload<{ include: typeof metCasus }>;

/** The work list's view of an obligation: ids, codes and dates, no personal data (the person by id and role). */
function plichtView(p: Plicht, informeert: string | null, vandaag: string) {
  const deadline = dateOfColumn(p.deadline);
  return {
    id: p.id,
    casusId: p.casusId,
    casusnummer: p.casus.casusnummer,
    betrokkeneId: p.betrokkeneId,
    rol: p.betrokkene?.rol ?? null,
    moment: p.moment,
    ronde: p.ronde,
    status: p.status,
    startdatum: dateOfColumn(p.startdatum),
    deadline,
    verlopen: p.status === 'OPEN' && deadline < vandaag,
    hertoetsingOp: p.hertoetsingOp ? dateOfColumn(p.hertoetsingOp) : null,
    verstrektOp: p.verstrektOp ? dateOfColumn(p.verstrektOp) : null,
    kanaal: p.kanaal,
    verantwoordelijke: verantwoordelijkeVoor(p.moment, informeert),
  };
}

/** Who informs per casus (Afspr. 8.2): the plan van aanpak in force of each. */
async function informeertPerCasus(db: Db, casusIds: string[]): Promise<Map<string, string | null>> {
  const plannen = await db.planVanAanpak.findMany({
    where: { casusId: { in: casusIds }, besluit: { status: 'VASTGESTELD' } },
    orderBy: { besluit: { vastgesteldOp: 'desc' } },
    select: { casusId: true, informeertBetrokkeneDeelnemerId: true },
  });
  const map = new Map<string, string | null>();
  for (const p of plannen) if (!map.has(p.casusId)) map.set(p.casusId, p.informeertBetrokkeneDeelnemerId);
  return map;
}

const weigeringOpties: WeigeringOpties = { afgerond: 'Deze informatieplicht is afgerond.' };

const lijst = (items: string[]) => `<ul>${items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>`;

/** The data categories as the letter names them (AVG 14 lid 1 d). */
const categorieTekst: Record<GegevensCategorie, string> = {
  GEWOON: 'gewone persoonsgegevens, zoals naam, geboortedatum, adres en gegevens over uw situatie',
  BIJZONDER: 'bijzondere persoonsgegevens, zoals gegevens over uw gezondheid',
  STRAFRECHTELIJK: 'strafrechtelijke gegevens',
  WVGGZ: 'gegevens over verplichte geestelijke gezondheidszorg (Wet verplichte ggz)',
  WZD: 'gegevens over onvrijwillige zorg (Wet zorg en dwang)',
  POLITIE: 'politiegegevens (Wet politiegegevens)',
  JUSTITIEEL: 'justitiële en strafvorderlijke gegevens (Wet justitiële en strafvorderlijke gegevens)',
};

const momentInleiding: Record<InformatieplichtMoment, string> = {
  IN_BEHANDELING:
    'Het Zorg- en Veiligheidshuis heeft een melding over u in behandeling genomen. Samenwerkende organisaties bespreken hoe zij u en uw omgeving het beste kunnen helpen en hoe onveilige situaties of overlast kunnen worden voorkomen.',
  TRIAGE_UITKOMST:
    'De organisaties in het Zorg- en Veiligheidshuis hebben beoordeeld of uw situatie in het casusoverleg wordt besproken.',
  CASUSOVERLEG_UITKOMST:
    'In het casusoverleg van het Zorg- en Veiligheidshuis is een plan van aanpak afgesproken. Hieronder leest u welke organisaties daaraan meewerken en welke gegevens daarvoor worden gebruikt.',
  AFSCHALING:
    'Het Zorg- en Veiligheidshuis heeft de bespreking van uw situatie afgesloten. Uw gegevens worden niet meer gedeeld; ze worden nog een tijd bewaard en daarna gearchiveerd en uit het systeem verwijderd.',
};

/**
 * AVG 14 lid 3 c, Prot. 16.1 (SPEC §4): data goes to a deelnemer, a RIEC or a derde only once each person it is
 * about (`betrokkeneIds`; empty: the casus as a whole, everyone in it) was informed of the processing, or a ground
 * for uitstel or omission is recorded — the rule is domain/informatieplicht.ts `blokkerendePersonen`. Otherwise a
 * 422 problem naming the persons who block it (ids and roles), and the refused attempt is logged.
 */
export async function eisInformatieplichtNagekomen(
  db: Db,
  actor: Pick<Actor, 'deelnemerId'> & { medewerkerId: string | null },
  casusId: string,
  actie: Actie,
  betrokkeneIds: readonly string[] = [],
): Promise<void> {
  const plichten = await db.informatieplicht.findMany({
    where: { casusId, moment: 'IN_BEHANDELING' },
    select: { id: true, betrokkeneId: true, moment: true, status: true, betrokkene: { select: { rol: true } } },
    orderBy: [{ betrokkene: { rol: 'asc' } }, { betrokkeneId: 'asc' }],
  });
  const blokkerend = blokkerendePersonen(
    plichten.map((p) => ({ ...p, informatieplichtId: p.id })),
    betrokkeneIds,
  );
  if (blokkerend.length === 0) return;
  await logAudit(db, {
    medewerkerId: actor.medewerkerId,
    deelnemerId: actor.deelnemerId,
    actie,
    casusId,
    grondslag: beleid[actie].grondslag,
    uitkomst: 'GEWEIGERD',
    detail: { code: 'INFORMATIEPLICHT_OPEN', informatieplichtIds: blokkerend.map((p) => p.id) },
  });
  const personen = blokkerend.map((p) => ({
    betrokkeneId: p.betrokkeneId,
    rol: p.betrokkene?.rol ?? null,
    informatieplichtId: p.id,
  }));
  throw new Problem(
    422,
    'informatieplicht-niet-nagekomen',
    'Niet iedereen is geïnformeerd',
    'Elke persoon over wie de gegevens gaan moet over de casus zijn geïnformeerd (of er is uitstel of afzien met ' +
      'een grond vastgelegd) voordat gegevens worden verstrekt (AVG 14 lid 3 c; Prot. 16.1). Nog niet geïnformeerd: ' +
      `${personen.map((p) => `${p.rol ?? 'BETROKKENE'} ${p.betrokkeneId ?? ''}`.trim()).join(', ')}.`,
    { personen },
  );
}

/**
 * The Contactpunt's work on the informatieplicht (AVG 13–14; BGS 1.3; SPEC §4): the work list with deadlines, one
 * obligation with its recordings, the letter to the betrokkene, and the recordings themselves (verstrekt, uitstel,
 * hertoetsing), each stored first and then offered to the obligation's workflow as an Update whose validator asks
 * the policy and the obligation's state.
 */
export function informatieplichtRoutes({
  db,
  authenticate,
  workflows,
  policy,
  contacten,
}: InformatieplichtRouteDeps): Router {
  const router = Router();

  const laad = async (req: Request) => {
    const { id } = parseInput(idParam, req.params);
    const p = await db.informatieplicht.findUnique({ where: { id }, include: metCasus });
    if (!p) throw problems.nietGevonden(`Informatieplicht ${id} bestaat niet.`);
    return p;
  };
  const leesLog = (actor: Actor, p: Plicht, document: string) =>
    logAudit(db, {
      medewerkerId: actor.medewerkerId,
      deelnemerId: actor.deelnemerId,
      actie: RAADPLEGEN,
      casusId: p.casusId,
      grondslag: beleid[RAADPLEGEN].grondslag,
      uitkomst: 'TOEGESTAAN',
      detail: { informatieplichtId: p.id, document },
    });

  router.get(
    '/informatieplicht',
    endpoint(RAADPLEGEN, async (req, res) => {
      const actor = await authenticate(req);
      await autoriseer(db, RAADPLEGEN, { actor });
      const filter = parseInput(werklijstFilterSchema, req.query);
      const vandaag = dutchCalendarDate(new Date());
      const items = await db.informatieplicht.findMany({
        where: {
          status: filter.verlopen ? 'OPEN' : filter.status,
          casusId: filter.casusId,
          ...(filter.verlopen ? { deadline: { lt: dateColumn(vandaag) } } : {}),
        },
        include: metCasus,
        orderBy: [{ deadline: 'asc' }, { id: 'asc' }],
        take: 1000,
      });
      const informeert = await informeertPerCasus(db, [...new Set(items.map((p) => p.casusId))]);
      res.json({ items: items.map((p) => plichtView(p, informeert.get(p.casusId) ?? null, vandaag)) });
    }),
  );

  router.get(
    '/informatieplicht/:id',
    endpoint(RAADPLEGEN, async (req, res) => {
      const actor = await authenticate(req);
      await autoriseer(db, RAADPLEGEN, { actor });
      const p = await laad(req);
      const handelingen = await db.informatieplichtHandeling.findMany({
        where: { informatieplichtId: p.id },
        orderBy: { createdAt: 'asc' },
      });
      // The reasons recorded with an uitstel may hold personal data: the read is logged.
      await leesLog(actor, p, 'DOSSIER');
      res.json({
        ...plichtView(
          p,
          (await informeertPerCasus(db, [p.casusId])).get(p.casusId) ?? null,
          dutchCalendarDate(new Date()),
        ),
        handelingen: handelingen.map((h) => ({
          id: h.id,
          soort: h.soort,
          status: h.status,
          datum: h.datum ? dateOfColumn(h.datum) : null,
          kanaal: h.kanaal,
          grond: h.grond,
          reden: h.reden,
          verwachteDatum: h.verwachteDatum ? dateOfColumn(h.verwachteDatum) : null,
          hertoetsingMaanden: h.hertoetsingMaanden,
          medewerkerId: h.medewerkerId,
          deelnemerId: h.deelnemerId,
          vastgesteldOp: h.vastgesteldOp?.toISOString() ?? null,
        })),
      });
    }),
  );

  // The notice itself (AVG 14 lid 1–2; Prot. 16.5): a letter to print, never free-form mail.
  router.get(
    '/informatieplicht/:id/brief',
    endpoint(RAADPLEGEN, async (req, res) => {
      const actor = await authenticate(req);
      await autoriseer(db, RAADPLEGEN, { actor });
      const p = await laad(req);
      const casus = await db.casus.findUniqueOrThrow({
        where: { id: p.casusId },
        include: {
          betrokkenen: { orderBy: [{ rol: 'asc' }, { id: 'asc' }] },
          aanmelder: { select: { naam: true } },
          deelnemers: { select: { deelnemer: { select: { naam: true } } } },
          gegevens: {
            where: { verwijderdOp: null },
            select: { categorie: true, betrokkeneIds: true, leverancier: { select: { naam: true } } },
          },
          besluiten: { where: { soort: 'EINDBEOORDELING', status: 'VASTGESTELD' }, select: { uitkomst: true } },
          riecAfstemmingen: { select: { koppeling: { select: { naam: true } } } },
          incidenteleDeelnemers: { where: { besluit: { status: 'VASTGESTELD' } }, select: { organisatie: true } },
        },
      });
      if (casus.geanonimiseerdOp || casus.fase === 'GEANONIMISEERD')
        throw problems.verkeerdeFase('De casus is geanonimiseerd; er is niemand meer om te informeren.');
      await leesLog(actor, p, 'BRIEF');
      // Each person gets a letter of his own, about the data that concerns him (AVG 14 lid 1 d).
      const persoon = casus.betrokkenen.find((b) => b.id === p.betrokkeneId) ?? casus.betrokkenen[0];
      const naam = [persoon?.voornamen, persoon?.achternaam].filter(Boolean).join(' ') || 'de betrokkene';
      const over = casus.gegevens.filter(
        (g) => g.betrokkeneIds.length === 0 || (persoon && g.betrokkeneIds.includes(persoon.id)),
      );
      const deelnemers = [...new Set([casus.aanmelder.naam, ...casus.deelnemers.map((d) => d.deelnemer.naam)])];
      const bronnen = [...new Set([casus.aanmelder.naam, ...over.map((g) => g.leverancier.naam)])];
      const categorieen = [...new Set(['GEWOON' as const, ...over.map((g) => g.categorie)])].map(
        (c) => categorieTekst[c],
      );
      const anderen = [
        ...new Set([
          ...casus.riecAfstemmingen.map((a) => `${a.koppeling.naam} (Regionaal Informatie- en Expertisecentrum)`),
          ...casus.incidenteleDeelnemers.map((i) => `${i.organisatie} (incidentele deelnemer aan het casusoverleg)`),
        ]),
      ];
      const triage = casus.besluiten[0]?.uitkomst;
      const bewaard = casus.archiefDatum ? dateOfColumn(casus.archiefDatum) : null;
      const html = `<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><title>Informatie over de verwerking van uw persoonsgegevens</title></head>
<body>
<p>Aan: ${escapeHtml(naam)}</p>
<p>Datum: ${dutchCalendarDate(new Date())}<br>Ons kenmerk: ${escapeHtml(casus.casusnummer)}</p>
<h1>Informatie over de verwerking van uw persoonsgegevens</h1>
<p>${escapeHtml(momentInleiding[p.moment])}</p>
${p.moment === 'TRIAGE_UITKOMST' && triage ? `<p>${triage === 'VOLDAAN' ? 'De uitkomst is dat uw situatie in het casusoverleg wordt besproken.' : 'De uitkomst is dat uw situatie niet in het casusoverleg wordt besproken; de behandeling stopt.'}</p>` : ''}
<h2>Waarvoor wij uw gegevens gebruiken</h2>
<p>Het Zorg- en Veiligheidshuis verwerkt uw gegevens op grond van de Wet gegevensverwerking door samenwerkingsverbanden (artikel 2.26 en 2.31) voor een persoonsgerichte aanpak van complexe problemen op het gebied van zorg en veiligheid: om samen te beoordelen wat nodig is, een plan van aanpak af te spreken en uit te voeren, en om ernstige overlast, strafbare feiten of onveilige situaties te voorkomen.</p>
<h2>Welke organisaties meewerken</h2>
${lijst(deelnemers)}
<p>Deze organisaties werken elk vanuit hun eigen wettelijke taak samen. De overheidsorganisaties zijn samen verantwoordelijk voor de verwerking (gezamenlijk verwerkingsverantwoordelijken).</p>
<h2>Welke gegevens over u worden gebruikt</h2>
${lijst(categorieen)}
<h2>Waar uw gegevens vandaan komen</h2>
${lijst(bronnen)}
<h2>Wie uw gegevens ontvangen</h2>
<p>De organisaties hierboven die aan de bespreking deelnemen${anderen.length > 0 ? ', en daarnaast:' : '. Aan anderen worden uw gegevens alleen verstrekt als de wet dat toestaat; u wordt daarover geïnformeerd.'}</p>
${anderen.length > 0 ? lijst(anderen) : ''}
<h2>Hoe lang uw gegevens worden bewaard</h2>
<p>Uw gegevens worden bewaard tot ${policy.inzageTermijnJaren} jaar na het afsluiten van de bespreking, en nooit langer dan vijf jaar na de aanmelding, tenzij de bewaartermijn met redenen met twee jaar wordt verlengd (artikel 1.16 Besluit gegevensverwerking door samenwerkingsverbanden). Daarna worden ze overgedragen aan het archief en uit het systeem verwijderd.${bewaard ? ` Op dit moment is dat uiterlijk ${bewaard}.` : ''} Na die overdracht kunt u voor uw gegevens en uw rechten terecht bij: ${escapeHtml(contacten.ZVH_ARCHIEF_CONTACT)}.</p>
<h2>Uw rechten</h2>
<p>U hebt het recht uw gegevens in te zien, onjuiste gegevens te laten verbeteren, gegevens te laten wissen of de verwerking te laten beperken, en bezwaar te maken tegen de verwerking (artikelen 15 tot en met 21 AVG). U kunt daarvoor terecht bij het Contactpunt hieronder. Bent u het niet eens met de manier waarop met uw gegevens wordt omgegaan, dan kunt u een klacht indienen bij het Zorg- en Veiligheidshuis en bij de Autoriteit Persoonsgegevens (www.autoriteitpersoonsgegevens.nl).</p>
<h2>Contact</h2>
<p>Contactpunt: ${escapeHtml(contacten.ZVH_CONTACTPUNT_CONTACT)}</p>
<p>Functionaris gegevensbescherming: ${escapeHtml(contacten.ZVH_FG_CONTACT)}</p>
</body></html>
`;
      res.type('html').send(html);
    }),
  );

  /** Every recording takes the same path: stored as proposed, then offered to the workflow; a refusal is kept and logged. */
  type Velden = Omit<
    Prisma.InformatieplichtHandelingUncheckedCreateInput,
    'id' | 'informatieplichtId' | 'soort' | 'medewerkerId' | 'deelnemerId'
  >;
  const registreer = <S extends z.ZodType>(
    pad: string,
    schema: S,
    handeling: (body: z.infer<S>, p: Plicht) => { soort: HandelingSoort; velden: Velden },
  ) =>
    router.post(
      `/informatieplicht/:id/${pad}`,
      endpoint(AFHANDELEN, async (req, res) => {
        const actor = await authenticate(req);
        await autoriseer(db, AFHANDELEN, { actor });
        const p = await laad(req);
        const { soort: s, velden } = handeling(parseInput(schema, req.body), p);
        // A repeat under the same Idempotency-Key whose first answer was lost finds its recording (api/besluiten.ts).
        const handelingId = nieuwId(req);
        const eerder = await db.informatieplichtHandeling.findUnique({
          where: { id: handelingId },
          select: { status: true, weigerreden: true },
        });
        if (eerder?.status === 'GEWEIGERD') throw eerdereWeigering(eerder.weigerreden ?? 'GEWEIGERD', weigeringOpties);
        if (!eerder) {
          // The state is the workflow's to judge; an obligation already closed is refused here without a record.
          const mag = magHandeling(s, p.status);
          if (!mag.toegestaan && afgerond.includes(p.status)) throw problems.verkeerdeFase(mag.reden);
          await db.informatieplichtHandeling.create({
            data: {
              id: handelingId,
              informatieplichtId: p.id,
              soort: s,
              medewerkerId: actor.medewerkerId,
              deelnemerId: actor.deelnemerId,
              ...velden,
            },
          });
        }
        try {
          if (eerder?.status !== 'VASTGESTELD')
            await workflows.update(
              p.workflowId,
              informatieplichtHandeling,
              [{ handelingId, informatieplichtId: p.id, soort: s, actor }],
              handelingId,
            );
        } catch (err) {
          const w = updateWeigering(err, weigeringOpties);
          if (!w) throw err;
          await db.$transaction(async (tx) => {
            await tx.informatieplichtHandeling.update({
              where: { id: handelingId },
              data: { status: 'GEWEIGERD', weigerreden: w.code },
            });
            await logAudit(tx, {
              medewerkerId: actor.medewerkerId,
              deelnemerId: actor.deelnemerId,
              actie: AFHANDELEN,
              casusId: p.casusId,
              grondslag: beleid[AFHANDELEN].grondslag,
              uitkomst: 'GEWEIGERD',
              detail: { informatieplichtId: p.id, handelingId, code: w.code },
            });
          });
          throw w.problem;
        }
        const nu = await laad(req);
        res.json(
          plichtView(
            nu,
            (await informeertPerCasus(db, [nu.casusId])).get(nu.casusId) ?? null,
            dutchCalendarDate(new Date()),
          ),
        );
      }),
    );

  const vandaag = () => dutchCalendarDate(new Date());

  // Informed: on a day not in the future and not before the obligation existed, and how (AVG 14; "recorded as sent").
  registreer('verstrekt', verstrektSchema, (b, p) => {
    if (compareDates(b.datum, vandaag()) > 0) {
      throw problems.ongeldigeInvoer(
        [{ name: 'datum', reason: 'ligt in de toekomst' }],
        `Op ${b.datum} is nog niet geïnformeerd.`,
      );
    }
    if (compareDates(b.datum, dutchCalendarDate(p.createdAt)) < 0)
      throw problems.nietToegestaan(
        'datum-voor-de-plicht',
        'Datum vóór de informatieplicht',
        `De informatieplicht ontstond op ${dutchCalendarDate(p.createdAt)}.`,
      );
    return {
      soort: 'VERSTREKT',
      velden: { datum: dateColumn(b.datum), kanaal: b.kanaal, reden: b.toelichting ?? null },
    };
  });
  // Uitstel (Prot. 16.7): the ground, the reason, when informing is expected and how often it is re-tested.
  registreer('uitstel', uitstelSchema, (b) => {
    if (compareDates(b.verwachteDatum, vandaag()) <= 0) {
      const detail = 'Uitstel vraagt een datum na vandaag waarop informeren naar verwachting kan.';
      throw problems.ongeldigeInvoer([{ name: 'verwachteDatum', reason: 'ligt niet na vandaag' }], detail);
    }
    return {
      soort: 'UITSTEL',
      velden: {
        grond: b.grond,
        reden: b.reden,
        verwachteDatum: dateColumn(b.verwachteDatum),
        hertoetsingMaanden: b.hertoetsingMaanden ?? policy.uitstelHertoetsingMaanden,
      },
    };
  });
  // Afzien for good (AVG 14 lid 5 b; Prot. 16.6–16.7): the ground and the written motivation.
  registreer('afzien', afzienSchema, (b) => ({ soort: 'AFZIEN', velden: { grond: b.grond, reden: b.motivering } }));
  // Hertoetsing: the ground still holds (next re-test after the interval) or it lapsed (inform after all, new term).
  registreer('hertoetsing', hertoetsingSchema, (b) => ({
    soort: b.uitkomst,
    velden: { reden: b.toelichting ?? null },
  }));

  return router;
}
