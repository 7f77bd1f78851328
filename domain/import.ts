import { z } from 'zod';
import { verlengingSituaties } from './bewaartermijn';
import { betrokkeneSchema, deelnemerIdSchema, eenBetrokkene, eenBetrokkeneFout, tekst, type CasusFase } from './casus';
import { isoDateSchema } from './dates';

/**
 * POST /casussen/import: a casus from the previous system with its historic dates (SPEC §5, e.g. example 4, a casus
 * closed before the WGS), so that it gets the right archiefdatum and a workflow that carries it from there.
 */
export const legacyImportSchema = z
  .strictObject({
    /** The casusnummer in the previous system, kept so the archive and the deelnemers can find it. */
    casusnummer: z
      .string()
      .regex(/^[A-Za-z0-9._-]{1,50}$/, 'alleen letters, cijfers, punt, liggend streepje en koppelteken (max. 50)'),
    aanmelderDeelnemerId: deelnemerIdSchema,
    wettelijkeTaak: tekst(500).optional(),
    aanmelddatum: isoDateSchema,
    /** Not taken in behandeling at the intake: counts as closed at once (archiefdatum = aanmelding + 1 year). */
    afgewezen: z.boolean().default(false),
    afsluitdatum: isoDateSchema.optional(),
    verlengingen: z
      .array(
        z.strictObject({
          datum: isoDateSchema,
          situatie: z.enum(verlengingSituaties),
          akkoordVan: z.array(deelnemerIdSchema).min(1).max(50),
        }),
      )
      .max(10)
      .default([]),
    betrokkenen: z.array(betrokkeneSchema).min(1).max(50),
  })
  .refine(eenBetrokkene, eenBetrokkeneFout)
  .refine((i) => !(i.afgewezen && i.afsluitdatum), {
    message: 'een afgewezen aanmelding heeft geen afsluitdatum',
    path: ['afsluitdatum'],
  });
export type LegacyImport = z.output<typeof legacyImportSchema>;

/** The phase an imported casus resumes in; its workflow moves it on from there (afschermen, archiving). */
export const faseNaImport = (i: Pick<LegacyImport, 'afgewezen' | 'afsluitdatum'>): CasusFase =>
  i.afgewezen ? 'NIET_IN_BEHANDELING' : i.afsluitdatum ? 'AFGESCHAALD' : 'CASUSOVERLEG';
