// The archive package's MDTO files against the Nationaal Archief's XSD (infra/mdto-validate.ts), for every test
// that delivers a package: on failure jest shows libxml2's messages with file and line.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { valideerMdto } from '../../infra/mdto-validate';

/** The files of a package folder, by name. */
export const leesPakketMap = (map: string): Map<string, Buffer> =>
  new Map(readdirSync(map).map((f) => [f, readFileSync(path.join(map, f))]));

/** Asserts that the package has its informatieobject and bestand files and that each validates; returns their names. */
export async function expectMdtoGeldig(bestanden: Map<string, Buffer>): Promise<string[]> {
  const mdto = [...bestanden].map(([naam, inhoud]) => ({ naam, inhoud })).filter((b) => b.naam.endsWith('.mdto.xml'));
  expect(mdto.filter((b) => b.naam.endsWith('.bestand.mdto.xml')).length).toBeGreaterThan(0);
  expect(mdto.filter((b) => !b.naam.endsWith('.bestand.mdto.xml'))).toHaveLength(1);
  expect(await valideerMdto(mdto)).toEqual([]);
  return mdto.map((b) => b.naam);
}
