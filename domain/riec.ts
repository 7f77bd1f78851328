import { z } from 'zod';
import type { Actor } from './casus';
import { eenRegel, tekst } from './casus';
import { weigeringAanDerden, type Beroepsgeheim, type GegevensCategorie, type Voorwaarden } from './casusproces';

/**
 * Afstemming with a RIEC (WGS 1.7; BGS 1.10): a ZVH may exchange data with a Regionaal Informatie- en
 * Expertisecentrum only to attune interventions, and never data under the medical secrecy, the gezondheidswerker's
 * or jeugdhulpverlener's professional secrecy, or the secrecy of the Wvggz or the Wzd (BGS 1.10; seed 000
 * "WGS in vogelvlucht"). On top of that the provider's voorwaarden hold as for any derde (weigeringAanDerden).
 */

/** POST /casussen/:id/riec-afstemmingen: to one registered RIEC koppeling, about one casus, with chosen items. */
export const riecAfstemmingSchema = z.strictObject({
  /** The koppeling id of the RIEC (soort RIEC). */
  riec: z.string().regex(/^[a-z0-9-]{3,100}$/, 'moet de naam van een koppeling zijn'),
  onderwerp: eenRegel(200),
  /** The intervention to attune and what is asked of the RIEC. */
  toelichting: tekst(8000),
  gegevenIds: z.array(z.uuid().toLowerCase()).max(100).default([]),
});

/** POST /koppeling/riec/berichten: a RIEC's reply to an afstemming, or its signal about a casus it was told of. */
export const riecBerichtSchema = z
  .strictObject({
    afstemmingId: z.uuid().toLowerCase().optional(),
    casusnummer: z
      .string()
      .regex(/^[A-Za-z0-9-]{1,50}$/, 'moet een casusnummer zijn')
      .optional(),
    onderwerp: eenRegel(200),
    inhoud: tekst(8000),
  })
  .refine((b) => (b.afstemmingId === undefined) !== (b.casusnummer === undefined), {
    message: 'noem óf de afstemming (afstemmingId) óf de casus (casusnummer)',
    path: ['afstemmingId'],
  });

/** What decides whether an item may go to a RIEC. */
export type RiecGegeven = Voorwaarden & {
  categorie: GegevensCategorie;
  beroepsgeheim: Beroepsgeheim;
  nietAanDerden: boolean;
  verwijderdOp: Date | null;
};

/**
 * Why the actor may not send the item to a RIEC, or null. BGS 1.10 first (never, whoever sends it), then what
 * every derde is refused (weigeringAanDerden), then WGS 1.7 lid 3: special and criminal data only with the
 * consent of their provider — the system takes that as given only when the provider sends the item itself —, and an
 * item its provider kept out of the casusoverleg leaves the ZVH only through that provider.
 */
export function weigeringAanRiec(g: RiecGegeven, actor: Actor): string | null {
  if (g.categorie === 'WVGGZ')
    return 'Wvggz-gegevens vallen onder de geheimhouding van de Wvggz en gaan niet naar een RIEC (BGS 1.10)';
  if (g.categorie === 'WZD')
    return 'Wzd-gegevens vallen onder de geheimhouding van de Wet zorg en dwang en gaan niet naar een RIEC (BGS 1.10)';
  if (g.beroepsgeheim === 'MEDISCH')
    return 'gegevens onder het medisch beroepsgeheim (of dat van de gezondheidswerker) gaan niet naar een RIEC (BGS 1.10)';
  if (g.beroepsgeheim === 'JEUGDHULP')
    return 'gegevens onder het beroepsgeheim van de jeugdhulpverlener gaan niet naar een RIEC (BGS 1.10)';
  const derden = weigeringAanDerden(g, actor);
  if (derden !== null) return derden;
  const eigen = g.leverancierDeelnemerId === actor.deelnemerId;
  if ((g.categorie === 'BIJZONDER' || g.categorie === 'STRAFRECHTELIJK') && !eigen)
    return 'bijzondere en strafrechtelijke gegevens alleen met toestemming van de leverancier (WGS 1.7 lid 3): de leverancier stuurt ze zelf mee';
  if (g.nietVoorCasusoverleg && !eigen)
    return 'de leverancier hield dit gegeven buiten het casusoverleg; alleen de leverancier geeft het verder';
  return null;
}

/** Every item the actor may not send, with its reason (empty: the whole selection may go). */
export const weigeringenAanRiec = <G extends RiecGegeven & { id: string }>(
  items: readonly G[],
  actor: Actor,
): Array<{ id: string; reden: string }> =>
  items.flatMap((g) => {
    const reden = weigeringAanRiec(g, actor);
    return reden === null ? [] : [{ id: g.id, reden }];
  });

/** The message a RIEC receives (README "RIEC-afstemming"): built once per afstemming, so a retry sends the same bytes. */
export const RIEC_BERICHT_FORMAAT = 'zvh-riec-afstemming/1';
