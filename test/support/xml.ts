// A strict, minimal XML 1.0 reader for the tests: well-formedness (one root, matching tags, quoted unique attributes,
// only the predefined and numeric entity references, no markup characters in text) and a tree to assert on.
// Enough for documents without DTDs, comments or processing instructions other than the XML declaration.

export interface XmlNode {
  naam: string;
  attributen: Record<string, string>;
  kinderen: XmlNode[];
  tekst: string;
}

const NAAM = /^[A-Za-z_][A-Za-z0-9._:-]*/;
const ENTITEITEN: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function ontsnap(ruw: string, waar: number): string {
  if (/[<]/.test(ruw)) throw new Error(`'<' in text at ${waar}`);
  return ruw.replace(/&([^;]*);?/g, (heel, ref: string) => {
    if (!heel.endsWith(';')) throw new Error(`unterminated entity at ${waar}`);
    if (ref in ENTITEITEN) return ENTITEITEN[ref]!;
    const num = /^#(?:x([0-9A-Fa-f]+)|([0-9]+))$/.exec(ref);
    if (!num) throw new Error(`unknown entity &${ref}; at ${waar}`);
    return String.fromCodePoint(num[1] ? parseInt(num[1], 16) : Number(num[2]));
  });
}

/** Parses `bron` or throws, naming the first well-formedness error. */
export function parseXml(bron: string): XmlNode {
  let i = 0;
  const decl = /^<\?xml\s+version="1\.[0-9]"(\s+encoding="[A-Za-z0-9._-]+")?(\s+standalone="(yes|no)")?\s*\?>/.exec(
    bron,
  );
  if (decl) i = decl[0].length;
  const stapel: XmlNode[] = [];
  let wortel: XmlNode | null = null;

  while (i < bron.length) {
    const lt = bron.indexOf('<', i);
    const tekst = bron.slice(i, lt === -1 ? bron.length : lt);
    if (stapel.length === 0) {
      if (tekst.trim() !== '') throw new Error(`text outside the root element at ${i}`);
    } else {
      stapel.at(-1)!.tekst += ontsnap(tekst, i);
    }
    if (lt === -1) break;
    i = lt;
    if (bron.startsWith('</', i)) {
      const naam = NAAM.exec(bron.slice(i + 2))?.[0];
      const eind = bron.indexOf('>', i);
      if (!naam || eind === -1 || bron.slice(i + 2 + naam.length, eind).trim() !== '')
        throw new Error(`bad end tag at ${i}`);
      const open = stapel.pop();
      if (!open || open.naam !== naam)
        throw new Error(`end tag </${naam}> does not match <${open?.naam ?? ''}> at ${i}`);
      i = eind + 1;
      continue;
    }
    const naam = NAAM.exec(bron.slice(i + 1))?.[0];
    if (!naam) throw new Error(`bad markup at ${i}`);
    if (wortel !== null && stapel.length === 0) throw new Error(`second root element at ${i}`);
    i += 1 + naam.length;
    const node: XmlNode = { naam, attributen: {}, kinderen: [], tekst: '' };
    for (;;) {
      const ws = /^\s*/.exec(bron.slice(i))![0];
      i += ws.length;
      if (bron.startsWith('/>', i) || bron.startsWith('>', i)) break;
      if (ws === '') throw new Error(`attributes must be separated by white space at ${i}`);
      const attr = /^([A-Za-z_][A-Za-z0-9._:-]*)\s*=\s*("([^"<]*)"|'([^'<]*)')/.exec(bron.slice(i));
      if (!attr) throw new Error(`bad attribute at ${i}`);
      if (attr[1]! in node.attributen) throw new Error(`duplicate attribute ${attr[1]} at ${i}`);
      node.attributen[attr[1]!] = ontsnap(attr[3] ?? attr[4]!, i);
      i += attr[0].length;
    }
    if (stapel.length > 0) stapel.at(-1)!.kinderen.push(node);
    else wortel = node;
    if (bron.startsWith('/>', i)) {
      i += 2;
    } else {
      i += 1;
      stapel.push(node);
    }
  }
  if (stapel.length > 0) throw new Error(`unclosed element <${stapel.at(-1)!.naam}>`);
  if (wortel === null) throw new Error('no root element');
  return wortel;
}

/** The children named `naam` (in document order). */
export const kinderen = (node: XmlNode, naam: string): XmlNode[] => node.kinderen.filter((k) => k.naam === naam);

/** The one child at `pad` (names separated by '/'), or a thrown error naming where it is missing or repeated. */
export function kind(node: XmlNode, pad: string): XmlNode {
  let huidig = node;
  for (const naam of pad.split('/')) {
    const gevonden = kinderen(huidig, naam);
    if (gevonden.length !== 1)
      throw new Error(`expected exactly one <${naam}> in <${huidig.naam}> (path ${pad}), found ${gevonden.length}`);
    huidig = gevonden[0]!;
  }
  return huidig;
}

/** The text of the one leaf element at `pad`. */
export const waarde = (node: XmlNode, pad: string): string => kind(node, pad).tekst;
