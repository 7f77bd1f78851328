import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { validateXML } from 'xmllint-wasm';

/**
 * Validation against the Nationaal Archief's own schema, MDTO-XML 1.0.1 (standards/mdto/, CC BY-SA 4.0), with
 * libxml2 compiled to WebAssembly: an e-Depot refuses a package that fails it, so the archive activity checks every
 * MDTO file before delivery. The schema sits at ../standards/mdto/ from here, in the sources and in the image
 * (dist/standards/, see the Dockerfile).
 */

export const MDTO_XSD = path.resolve(__dirname, '..', 'standards', 'mdto', 'MDTO-XML1.0.1.xsd');

let schema: Promise<string> | undefined;
const leesSchema = (): Promise<string> => {
  schema ??= readFile(MDTO_XSD, 'utf8').catch((err: unknown) => {
    schema = undefined; // a later attempt may find it
    throw err;
  });
  return schema;
};

export interface MdtoFout {
  /** The file's name as given. */
  bestand: string;
  regel: number | null;
  /** libxml2's message, which may quote a value of the document. */
  melding: string;
}

/** Validates every file against MDTO-XML 1.0.1 in one run; returns the errors, none when all files are valid. */
export async function valideerMdto(
  bestanden: ReadonlyArray<{ naam: string; inhoud: Buffer | string }>,
): Promise<MdtoFout[]> {
  const uitslag = await validateXML({
    xml: bestanden.map((b) => ({ fileName: b.naam, contents: b.inhoud })),
    schema: [{ fileName: path.basename(MDTO_XSD), contents: await leesSchema() }],
  });
  const fouten: MdtoFout[] = [];
  for (const e of uitslag.errors) {
    const afgewezen = / fails to validate$/.exec(e.message);
    if (e.loc) fouten.push({ bestand: e.loc.fileName, regel: e.loc.lineNumber, melding: e.message });
    else if (afgewezen) {
      const naam = e.message.slice(0, afgewezen.index);
      if (!fouten.some((f) => f.bestand === naam)) fouten.push({ bestand: naam, regel: null, melding: 'not valid' });
    } else if (fouten.length > 0) fouten.at(-1)!.melding += `\n${e.message}`; // a parser error's context lines
  }
  if (!uitslag.valid && fouten.length === 0) fouten.push({ bestand: '', regel: null, melding: uitslag.rawOutput });
  return fouten;
}

/**
 * The errors without anything quoted from the documents, for an error message that ends up in Temporal's history
 * and the logs: file, line and element only.
 */
export const mdtoFoutenKort = (fouten: readonly MdtoFout[]): string =>
  fouten
    .map((f) => {
      const element = /Element '(?:\{[^}]*\})?([A-Za-z_][\w.-]*)'/.exec(f.melding)?.[1];
      const waar = f.regel === null ? f.bestand : `${f.bestand}:${f.regel}`;
      return `${waar} ${element === undefined ? 'not valid' : `element ${element}`}`;
    })
    .join('; ');
