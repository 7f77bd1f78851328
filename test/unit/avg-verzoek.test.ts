import {
  avgDeadline,
  avgVerzoekSchema,
  beoordeelAvgHandeling,
  naHandeling,
  volgendeAvgStap,
  type AvgContext,
  type AvgStand,
} from '../../domain/avg-verzoek';
import type { Actor } from '../../domain/casus';
import { isoDate } from '../../domain/dates';
import { standaardPolicy } from '../../domain/policy';

// The pure rules of AVG-verzoeken (AVG 12 lid 3; BGS 1.2 lid 2; Afspr. 14.3–14.4); the workflow test runs them in time.
const d = isoDate;
const contactpunt: Actor = {
  medewerkerId: '00000000-0000-4000-8000-000000000001',
  deelnemerId: 'gemeente',
  deelnemerType: 'OVERHEID',
  rollen: ['contactpunt'],
};
const politie: Actor = {
  medewerkerId: '00000000-0000-4000-8000-000000000002',
  deelnemerId: 'politie',
  deelnemerType: 'OVERHEID',
  rollen: [],
};
const fg: Actor = { ...politie, rollen: ['fg'] };

test('deadline: one month, three after the one extension; end-of-month clamped', () => {
  expect(avgDeadline(d('2026-01-31'), false)).toBe('2026-02-28');
  expect(avgDeadline(d('2026-01-31'), true)).toBe('2026-04-30');
});

test('next step: consultation reminder, escalation, deadline reminder and escalation; re-test under a ground', () => {
  const stand: AvgStand = {
    fase: 'IN_BEHANDELING',
    ontvangenOp: d('2026-03-01'),
    verlengd: false,
    deadlineHerinnerd: false,
    deadlineGeescaleerd: false,
    consultaties: [
      {
        deelnemerId: 'politie',
        termijn: d('2026-03-11'),
        beantwoord: false,
        herinnerd: false,
        geescaleerd: false,
        grond: null,
      },
    ],
  };
  expect(volgendeAvgStap(stand, standaardPolicy)).toEqual({
    stap: 'CONSULTATIE_HERINNEREN',
    op: '2026-03-11',
    deelnemerId: 'politie',
  });
  const herinnerd = { ...stand, consultaties: [{ ...stand.consultaties[0]!, herinnerd: true }] };
  expect(volgendeAvgStap(herinnerd, standaardPolicy)).toEqual({
    stap: 'CONSULTATIE_ESCALEREN',
    op: '2026-03-18',
    deelnemerId: 'politie',
  });
  const beantwoord = { ...stand, consultaties: [{ ...stand.consultaties[0]!, beantwoord: true }] };
  expect(volgendeAvgStap(beantwoord, standaardPolicy)).toEqual({ stap: 'DEADLINE_HERINNEREN', op: '2026-03-25' });
  expect(volgendeAvgStap({ ...beantwoord, deadlineHerinnerd: true }, standaardPolicy)).toEqual({
    stap: 'DEADLINE_ESCALEREN',
    op: '2026-04-02',
  });
  expect(
    volgendeAvgStap({ ...beantwoord, deadlineHerinnerd: true, deadlineGeescaleerd: true }, standaardPolicy),
  ).toBeNull();
  const grond = {
    ...stand,
    fase: 'UAVG41_HERBEOORDELING' as const,
    consultaties: [
      {
        ...stand.consultaties[0]!,
        beantwoord: true,
        grond: { omvang: 'GEDEELTELIJK' as const, herbeoordelingOp: d('2026-06-01') },
      },
    ],
  };
  expect(volgendeAvgStap(grond, standaardPolicy)).toEqual({
    stap: 'HERBEOORDELEN',
    op: '2026-06-01',
    deelnemerId: 'politie',
  });
});

test('who may do what: consulted deelnemers answer, the Contactpunt extends once within the month and decides as the grounds allow', () => {
  const ctx: AvgContext = {
    fase: 'IN_BEHANDELING',
    verlengd: false,
    verlengenTot: '2026-04-01T22:00:00.000Z',
    consultaties: [
      { deelnemerId: 'politie', beantwoord: false, termijnVoorbij: '2026-03-11T23:00:00.000Z', grond: null },
    ],
  };
  const voor = Date.parse('2026-03-05T10:00:00Z');
  const na = Date.parse('2026-04-05T10:00:00Z');
  expect(beoordeelAvgHandeling({ soort: 'CONSULTATIE_ANTWOORD', actor: contactpunt }, ctx, voor)?.code).toBe(
    'NIET_BEVOEGD',
  );
  expect(beoordeelAvgHandeling({ soort: 'CONSULTATIE_ANTWOORD', actor: fg }, ctx, voor)?.code).toBe('NIET_BEVOEGD');
  expect(beoordeelAvgHandeling({ soort: 'CONSULTATIE_ANTWOORD', actor: politie }, ctx, voor)).toBeUndefined();
  expect(beoordeelAvgHandeling({ soort: 'BESLUIT', actor: contactpunt, uitkomst: 'TOEGEWEZEN' }, ctx, voor)?.code).toBe(
    'REGEL_GESCHONDEN',
  ); // consultation runs
  expect(beoordeelAvgHandeling({ soort: 'BESLUIT', actor: politie, uitkomst: 'TOEGEWEZEN' }, ctx, na)?.code).toBe(
    'NIET_BEVOEGD',
  );
  expect(beoordeelAvgHandeling({ soort: 'VERLENGING', actor: contactpunt }, ctx, voor)).toBeUndefined();
  expect(beoordeelAvgHandeling({ soort: 'VERLENGING', actor: contactpunt }, ctx, na)?.code).toBe('REGEL_GESCHONDEN');
  expect(
    beoordeelAvgHandeling(
      { soort: 'VERLENGING', actor: contactpunt },
      naHandeling(ctx, { soort: 'VERLENGING', actor: contactpunt }),
      voor,
    )?.code,
  ).toBe('REGEL_GESCHONDEN');

  const deels = naHandeling(ctx, {
    soort: 'CONSULTATIE_ANTWOORD',
    actor: politie,
    uitkomst: 'BEROEP_UAVG41',
    omvang: 'GEDEELTELIJK',
  });
  expect(beoordeelAvgHandeling({ soort: 'CONSULTATIE_ANTWOORD', actor: politie }, deels, voor)?.code).toBe(
    'VERKEERDE_FASE',
  );
  expect(
    beoordeelAvgHandeling({ soort: 'BESLUIT', actor: contactpunt, uitkomst: 'TOEGEWEZEN' }, deels, voor)?.code,
  ).toBe('REGEL_GESCHONDEN');
  expect(
    beoordeelAvgHandeling({ soort: 'BESLUIT', actor: contactpunt, uitkomst: 'GEDEELTELIJK_TOEGEWEZEN' }, deels, voor),
  ).toBeUndefined();
  const geheel = naHandeling(ctx, {
    soort: 'CONSULTATIE_ANTWOORD',
    actor: politie,
    uitkomst: 'BEROEP_UAVG41',
    omvang: 'VOLLEDIG',
  });
  expect(
    beoordeelAvgHandeling({ soort: 'BESLUIT', actor: contactpunt, uitkomst: 'GEDEELTELIJK_TOEGEWEZEN' }, geheel, voor)
      ?.code,
  ).toBe('REGEL_GESCHONDEN');
  const besloten = naHandeling(deels, { soort: 'BESLUIT', actor: contactpunt, uitkomst: 'GEDEELTELIJK_TOEGEWEZEN' });
  expect(besloten.fase).toBe('UAVG41_HERBEOORDELING');
  expect(
    beoordeelAvgHandeling({ soort: 'BESLUIT', actor: contactpunt, uitkomst: 'AFGEWEZEN' }, besloten, voor)?.code,
  ).toBe('VERKEERDE_FASE');
  expect(
    beoordeelAvgHandeling({ soort: 'HERBEOORDELING', actor: politie, uitkomst: 'VERVALLEN' }, besloten, voor),
  ).toBeUndefined();
  expect(naHandeling(besloten, { soort: 'HERBEOORDELING', actor: politie, uitkomst: 'VERVALLEN' }).fase).toBe(
    'AFGEHANDELD',
  );
});

test('registration body: BSN elfproef, BSN or birth date, rectificatie only with RECTIFICATIE, no future dates', () => {
  const schema = avgVerzoekSchema(d('2026-03-01'));
  const geldig = {
    soort: 'INZAGE',
    ontvangenOp: '2026-03-01',
    verzoeker: { achternaam: 'A', bsn: '111222333', adres: 'Straat 1' },
    identiteit: { methode: 'DIGID', datum: '2026-03-01' },
  };
  expect(schema.safeParse(geldig).success).toBe(true);
  expect(schema.safeParse({ ...geldig, verzoeker: { achternaam: 'A', bsn: '123456789', adres: 'x' } }).success).toBe(
    false,
  );
  expect(schema.safeParse({ ...geldig, verzoeker: { achternaam: 'A', adres: 'x' } }).success).toBe(false);
  expect(schema.safeParse({ ...geldig, rectificatie: { achternaam: 'B' } }).success).toBe(false);
  expect(schema.safeParse({ ...geldig, soort: 'RECTIFICATIE', rectificatie: { achternaam: 'B' } }).success).toBe(true);
  expect(schema.safeParse({ ...geldig, ontvangenOp: '2026-03-02' }).success).toBe(false);
});
