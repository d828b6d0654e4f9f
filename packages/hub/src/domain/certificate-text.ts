/**
 * Unicode text on the certificate PDF: Noto Sans faces (from the `@fontsource` packages, OFL) embedded only when a
 * line needs them, shaped by `@pdf-lib/fontkit` (Arabic joining, Devanagari conjuncts, Vietnamese stacked
 * diacritics) and drawn glyph by glyph at the shaper's positions, so the marks that Noto places with GPOS (Arabic
 * dots and vowels, Devanagari matras) land where they belong. Right-to-left runs are ordered with a small
 * implementation of the Unicode bidi rules that certificates need: Arabic runs right to left, numbers, codes and
 * Latin names inside them left to right.
 * @packageDocumentation
 */
// fontkit's Indic shaper (Devanagari) was compiled with regenerator and expects its runtime as a global.
import 'regenerator-runtime/runtime.js';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { inflateSync } from 'node:zlib';
import fontkit from '@pdf-lib/fontkit';
import {
  PDFHexString,
  beginText,
  endText,
  popGraphicsState,
  pushGraphicsState,
  setFillingColor,
  setFontAndSize,
  setTextMatrix,
  showText,
  type Color,
  type PDFDocument,
  PDFDict,
  PDFName,
  type PDFFont,
  type PDFRef,
  type PDFPage,
} from 'pdf-lib';

const require = createRequire(import.meta.url);

/** The weights the certificate uses. */
export type Weight = 'regular' | 'bold';

/** One face: a Unicode subset of Noto Sans as fontsource ships it (WOFF 1, one script per file). */
interface FaceFile {
  package: string;
  subset: string;
  /** Embed the whole face: fontkit's subsetter drops the composite glyphs of Noto Sans Arabic's joining forms. */
  whole?: boolean;
}

// Tried in order for each character; the first face that has a glyph for it draws it.
const FACES: FaceFile[] = [
  { package: 'noto-sans', subset: 'latin' },
  { package: 'noto-sans', subset: 'latin-ext' },
  { package: 'noto-sans', subset: 'vietnamese' },
  { package: 'noto-sans', subset: 'cyrillic' },
  { package: 'noto-sans', subset: 'cyrillic-ext' },
  { package: 'noto-sans', subset: 'greek' },
  { package: 'noto-sans', subset: 'devanagari' },
  { package: 'noto-sans-arabic', subset: 'arabic', whole: true },
];

type FontkitFont = ReturnType<typeof fontkit.create>;
/** `Font.layout` as fontkit implements it: script, language and direction may be forced (its typings omit them). */
type DirectedLayout = (
  text: string,
  features?: undefined,
  script?: string,
  language?: string,
  direction?: 'ltr' | 'rtl',
) => ReturnType<FontkitFont['layout']>;

interface LoadedFace {
  bytes: Uint8Array;
  font: FontkitFont;
}

const loaded = new Map<string, LoadedFace>();

/** WOFF 1 → the TrueType/OpenType file it wraps (tables inflated, directory rebuilt), which PDF can embed. */
export function woffToSfnt(woff: Uint8Array): Uint8Array {
  const src = Buffer.from(woff.buffer, woff.byteOffset, woff.byteLength);
  if (src.toString('latin1', 0, 4) !== 'wOFF') return woff;
  const numTables = src.readUInt16BE(12);
  const tables: { tag: number; checksum: number; data: Buffer }[] = [];
  for (let i = 0; i < numTables; i += 1) {
    const at = 44 + i * 20;
    const offset = src.readUInt32BE(at + 4);
    const compLength = src.readUInt32BE(at + 8);
    const origLength = src.readUInt32BE(at + 12);
    const raw = src.subarray(offset, offset + compLength);
    tables.push({
      tag: src.readUInt32BE(at),
      checksum: src.readUInt32BE(at + 16),
      data: compLength < origLength ? inflateSync(raw) : raw,
    });
  }
  let size = 12 + 16 * numTables;
  for (const t of tables) size += (t.data.length + 3) & ~3;
  const out = Buffer.alloc(size);
  out.writeUInt32BE(src.readUInt32BE(4), 0); // flavor
  out.writeUInt16BE(numTables, 4);
  let range = 1;
  let selector = 0;
  while (range * 2 <= numTables) {
    range *= 2;
    selector += 1;
  }
  out.writeUInt16BE(range * 16, 6);
  out.writeUInt16BE(selector, 8);
  out.writeUInt16BE(numTables * 16 - range * 16, 10);
  let offset = 12 + 16 * numTables;
  tables.forEach((t, i) => {
    const at = 12 + i * 16;
    out.writeUInt32BE(t.tag, at);
    out.writeUInt32BE(t.checksum, at + 4);
    out.writeUInt32BE(offset, at + 8);
    out.writeUInt32BE(t.data.length, at + 12);
    t.data.copy(out, offset);
    offset += (t.data.length + 3) & ~3;
  });
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

function face(index: number, weight: Weight): LoadedFace {
  const file = FACES[index]!;
  const name = `${file.package}-${file.subset}-${weight === 'bold' ? 700 : 400}`;
  let entry = loaded.get(name);
  if (!entry) {
    const bytes = woffToSfnt(readFileSync(require.resolve(`@fontsource/${file.package}/files/${name}-normal.woff`)));
    entry = { bytes, font: fontkit.create(bytes) };
    loaded.set(name, entry);
  }
  return entry;
}

const RTL = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/u;
const LTR_STRONG = /\p{L}/u;
const DIGIT = /\p{Nd}/u;
const MARK = /\p{M}/u;
/** Bidi-mirrored pairs (fontkit does not mirror): in a right-to-left run an opening bracket is drawn facing left. */
const MIRROR: Record<string, string> = {
  '(': ')',
  ')': '(',
  '[': ']',
  ']': '[',
  '{': '}',
  '}': '{',
  '«': '»',
  '»': '«',
};
/** Left-to-right isolate: wrap codes, numbers and addresses in `ltr()` so right-to-left text around them cannot reorder them. */
const LRI = '\u2066';
const PDI = '\u2069';

/** `text` as a left-to-right isolate (LRI … PDI): kept in one piece, left to right, inside right-to-left lines. */
export function ltr(text: string): string {
  return `${LRI}${text}${PDI}`;
}

/** The direction a paragraph in `lang` is written in. */
export function directionOf(lang: string): 'ltr' | 'rtl' {
  return ['ar', 'fa', 'he', 'ur'].includes(lang.split('-')[0]!.toLowerCase()) ? 'rtl' : 'ltr';
}

/** A stretch of text in one direction, in logical order. */
interface DirectionRun {
  text: string;
  rtl: boolean;
}

/**
 * Splits a line into direction runs in visual order (left to right on the page), after the Unicode bidi algorithm
 * in the cases a certificate meets: right-to-left letters make RTL runs, other letters LTR runs; digits read left to
 * right and count as right-to-left for the punctuation around them unless a left-to-right letter precedes them
 * (rules W7, N1); spaces and punctuation between two runs of one direction join them, others take the paragraph's
 * direction (N2); an isolate (`ltr()`) is one LTR run that counts as punctuation for its surroundings.
 */
export function visualRuns(text: string, base: 'ltr' | 'rtl'): DirectionRun[] {
  // Units: single characters, or a whole isolate.
  const units: { text: string; kind: 'r' | 'l' | 'n' | 'iso' | undefined }[] = [];
  for (let i = 0; i < text.length;) {
    if (text[i] === LRI) {
      const end = text.indexOf(PDI, i);
      const stop = end === -1 ? text.length : end;
      units.push({ text: text.slice(i + 1, stop), kind: 'iso' });
      i = stop + 1;
      continue;
    }
    const c = String.fromCodePoint(text.codePointAt(i)!);
    i += c.length;
    if (c === PDI) continue;
    units.push({ text: c, kind: RTL.test(c) ? 'r' : LTR_STRONG.test(c) ? 'l' : DIGIT.test(c) ? 'n' : undefined });
  }
  // W4: one separator between two digits (2.5, 1,000, 10:30) belongs to the number.
  units.forEach((u, i) => {
    if (
      !u.kind &&
      /^[.,:/\u066B\u066C\u00A0\u202F]$/u.test(u.text) &&
      units[i - 1]?.kind === 'n' &&
      units[i + 1]?.kind === 'n'
    )
      u.kind = 'n';
  });
  // W7: digits after a left-to-right letter (or at the start of a left-to-right paragraph) are left to right.
  let lastStrong: 'r' | 'l' = base === 'rtl' ? 'r' : 'l';
  for (const u of units) {
    if (u.kind === 'r' || u.kind === 'l') lastStrong = u.kind;
    else if (u.kind === 'n' && lastStrong === 'l') u.kind = 'l';
  }
  // N1/N2: neutrals (and isolates, as seen from outside) between two of one direction take it; digits count as RTL.
  const strength = (k: (typeof units)[number]['kind']) => (k === 'n' ? 'r' : k === 'r' || k === 'l' ? k : undefined);
  const resolved = units.map((u, i) => {
    if (u.kind === 'iso' || u.kind === 'l') return 'l';
    if (u.kind === 'r') return 'r';
    if (u.kind === 'n') return 'n';
    let before: string | undefined;
    for (let j = i - 1; j >= 0 && !before; j -= 1) before = strength(units[j]!.kind);
    let after: string | undefined;
    for (let j = i + 1; j < units.length && !after; j += 1) after = strength(units[j]!.kind);
    before ??= base === 'rtl' ? 'r' : 'l';
    after ??= base === 'rtl' ? 'r' : 'l';
    return before === after ? before : base === 'rtl' ? 'r' : 'l';
  });
  // Levels: in an RTL paragraph digits and LTR text sit one level up (read left to right); in an LTR paragraph RTL
  // text sits one level up and digits inside it stay left to right.
  const runs: (DirectionRun & { level: number })[] = [];
  units.forEach((u, i) => {
    const dir = resolved[i]!;
    const level = base === 'rtl' ? (dir === 'r' ? 1 : 2) : dir === 'l' ? 0 : dir === 'r' ? 1 : 2;
    const last = runs[runs.length - 1];
    if (last && last.level === level) last.text += u.text;
    else runs.push({ text: u.text, rtl: level % 2 === 1, level });
  });
  // L2: reverse every sequence of runs at or above each odd-or-higher level, highest first.
  const max = Math.max(0, ...runs.map((r) => r.level));
  for (let level = max; level >= 1; level -= 1) {
    for (let i = 0; i < runs.length;) {
      if (runs[i]!.level < level) {
        i += 1;
        continue;
      }
      let j = i;
      while (j < runs.length && runs[j]!.level >= level) j += 1;
      runs.splice(i, j - i, ...runs.slice(i, j).reverse());
      i = j;
    }
  }
  return runs.map(({ text: t, rtl }) => ({ text: t, rtl }));
}

/** One shaped glyph, ready to draw: its PDF code in its font, and where it goes relative to the line's start. */
interface PlacedGlyph {
  font: PDFFont;
  /** In a right-to-left run: written to the page in logical order, so text extraction reads it right to left. */
  rtl: boolean;
  /** Whole faces: which copy of the font dictionary maps this glyph to its characters (see `finish`). */
  variant: number;
  code: string;
  x: number;
  y: number;
}

/** A shaped line: its glyphs and width at the size it was shaped for. */
export interface ShapedLine {
  glyphs: PlacedGlyph[];
  width: number;
  size: number;
}

/**
 * Embeds the faces a certificate's lines need, once each, and shapes lines with them. Faces are embedded as subsets
 * (only the glyphs drawn), so a certificate in Russian carries a few kilobytes of Cyrillic and no Arabic.
 */
export class CertificateText {
  private readonly embedded = new Map<string, PDFFont>();
  /**
   * Whole (not subset) faces: for each glyph id, the character strings it was drawn for, one per font dictionary
   * copy (a dotless Arabic base serves several letters, and a ToUnicode map gives one text per glyph and font).
   */
  private readonly drawnWhole = new Map<PDFFont, Map<number, string[]>>();
  /** References of the extra font dictionary copies, filled in by `finish`. */
  private readonly variantRefs = new Map<string, PDFRef>();

  constructor(
    private readonly doc: PDFDocument,
    private readonly base: 'ltr' | 'rtl',
  ) {
    doc.registerFontkit(fontkit);
  }

  /** How many faces the document embeds so far. */
  get faceCount(): number {
    return this.embedded.size;
  }

  private async pdfFont(index: number, weight: Weight): Promise<PDFFont> {
    const key = `${index}-${weight}`;
    let font = this.embedded.get(key);
    if (!font) {
      font = await this.doc.embedFont(face(index, weight).bytes, { subset: !FACES[index]!.whole });
      this.embedded.set(key, font);
      if (FACES[index]!.whole) this.drawnWhole.set(font, new Map());
    }
    return font;
  }

  /** The face that draws `char` (marks stay with their base letter's face; spaces with the run's). */
  private faceFor(char: string, weight: Weight): number {
    const cp = char.codePointAt(0)!;
    const found = FACES.findIndex((_, i) => face(i, weight).font.hasGlyphForCodePoint(cp));
    return found === -1 ? 0 : found;
  }

  /** Shapes `text` at `size`: bidi runs, then runs of one face, each laid out by fontkit. */
  async shape(text: string, size: number, weight: Weight): Promise<ShapedLine> {
    const glyphs: PlacedGlyph[] = [];
    let x = 0;
    for (const run of visualRuns(text.replace(/[\r\n\t]+/g, ' '), this.base)) {
      const logical = run.rtl ? [...run.text].map((c) => MIRROR[c] ?? c).join('') : run.text;
      // Runs of one face, in logical order.
      const segments: { face: number; text: string }[] = [];
      for (const char of logical.normalize('NFC')) {
        const last = segments[segments.length - 1];
        const spaceOrMark = /\s/u.test(char) || MARK.test(char);
        const index = spaceOrMark && last ? last.face : this.faceFor(char, weight);
        if (last && last.face === index) last.text += char;
        else segments.push({ face: index, text: char });
      }
      if (run.rtl) segments.reverse(); // fontkit lays each Arabic segment right to left; the segments follow suit
      for (const segment of segments) {
        const { font } = face(segment.face, weight);
        const pdfFont = await this.pdfFont(segment.face, weight);
        // pdf-lib encodes the glyphs of its own (script-directed) layout; pair them with their codes by glyph id,
        // then draw the layout in the run's direction (which also mirrors brackets in right-to-left runs).
        const codes = pdfFont.encodeText(segment.text).toString().slice(1, -1).match(/.{4}/g) ?? [];
        const codeOf = new Map(font.layout(segment.text).glyphs.map((g, i) => [g.id, codes[i] ?? '0000']));
        // fontkit keeps one Glyph object per id with the characters of its first use; record the characters each
        // glyph of this layout really comes from (the last getGlyph calls, in logical order) instead.
        const calls: number[][] = [];
        const getGlyph = font.getGlyph;
        font.getGlyph = (id: number, characters: number[] = []) => {
          calls.push(characters);
          return getGlyph.call(font, id, characters);
        };
        let layout: ReturnType<DirectedLayout>;
        try {
          layout = (font.layout as DirectedLayout).call(
            font,
            segment.text,
            undefined,
            undefined,
            undefined,
            run.rtl ? 'rtl' : 'ltr',
          );
        } finally {
          font.getGlyph = getGlyph;
        }
        const count = layout.glyphs.length;
        const logical = calls.slice(-count);
        const charactersAt = (i: number) => String.fromCodePoint(...(logical[run.rtl ? count - 1 - i : i] ?? []));
        const scale = size / font.unitsPerEm;
        const drawn = this.drawnWhole.get(pdfFont);
        layout.glyphs.forEach((glyph, i) => {
          let variant = 0;
          if (drawn) {
            const texts = drawn.get(glyph.id) ?? [];
            variant = texts.indexOf(charactersAt(i));
            if (variant === -1) variant = texts.push(charactersAt(i)) - 1;
            drawn.set(glyph.id, texts);
          }
          const position = layout.positions[i]!;
          glyphs.push({
            font: pdfFont,
            rtl: run.rtl,
            variant,
            code: codeOf.get(layout.glyphs[i]!.id) ?? '0000',
            x: x + position.xOffset * scale,
            y: position.yOffset * scale,
          });
          x += position.xAdvance * scale;
        });
      }
    }
    return { glyphs, width: x, size };
  }

  /**
   * Shapes `text` to fit `maxWidth`: smaller down to `minSize`, then shortened with an ellipsis at a grapheme
   * boundary (a name never loses half a conjunct or a letter's marks).
   */
  async fit(text: string, size: number, weight: Weight, maxWidth: number, minSize = size * 0.7): Promise<ShapedLine> {
    let line = await this.shape(text, size, weight);
    if (line.width <= maxWidth) return line;
    const smaller = Math.max(minSize, (size * maxWidth) / line.width);
    line = await this.shape(text, smaller, weight);
    if (line.width <= maxWidth) return line;
    const graphemes = [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)].map(
      (s) => s.segment,
    );
    while (graphemes.length > 1 && line.width > maxWidth) {
      graphemes.pop();
      line = await this.shape(`${graphemes.join('').trimEnd()}…`, smaller, weight);
    }
    return line;
  }

  /**
   * Completes the fonts before the document is saved. pdf-lib maps only a whole font's nominal glyphs back to text,
   * so copying Arabic from the PDF would give stray characters for the joining forms and the separately drawn dots;
   * this gives every drawn glyph its characters (a dot, which stands for none, maps to the invisible U+034F).
   */
  async finish(): Promise<void> {
    const hex = (text: string) =>
      [...(text || '\u034f')]
        .flatMap((c) => {
          const cp = c.codePointAt(0)!;
          return cp > 0xffff ? [0xd800 + ((cp - 0x10000) >> 10), 0xdc00 + ((cp - 0x10000) & 0x3ff)] : [cp];
        })
        .map((u) => u.toString(16).padStart(4, '0'))
        .join('');
    for (const [font, glyphs] of this.drawnWhole) {
      await font.embed();
      const dict = this.doc.context.lookup(font.ref, PDFDict);
      const variants = Math.max(1, ...[...glyphs.values()].map((texts) => texts.length));
      for (let v = 0; v < variants; v += 1) {
        const entries = [...glyphs].map(
          ([id, texts]) => `<${id.toString(16).padStart(4, '0')}> <${hex(texts[v] ?? texts[0] ?? '')}>`,
        );
        const chunks: string[] = [];
        for (let i = 0; i < entries.length; i += 100) {
          const part = entries.slice(i, i + 100);
          chunks.push(`${part.length} beginbfchar\n${part.join('\n')}\nendbfchar`);
        }
        const cmap = [
          '/CIDInit /ProcSet findresource begin',
          '12 dict begin',
          'begincmap',
          '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def',
          '/CMapName /Adobe-Identity-UCS def',
          '/CMapType 2 def',
          '1 begincodespacerange',
          '<0000> <ffff>',
          'endcodespacerange',
          ...chunks,
          'endcmap',
          'CMapName currentdict /CMap defineresource pop',
          'end',
          'end',
        ].join('\n');
        const toUnicode = this.doc.context.register(this.doc.context.flateStream(cmap));
        if (v === 0) {
          dict.set(PDFName.of('ToUnicode'), toUnicode);
          continue;
        }
        // A copy of the font dictionary sharing the embedded font program, with its own ToUnicode map.
        const copy = dict.clone(this.doc.context);
        copy.set(PDFName.of('ToUnicode'), toUnicode);
        copy.set(PDFName.of('BaseFont'), PDFName.of(`${font.name}-${v}`)); // readers cache fonts by name
        const ref = this.variantRefs.get(`${font.ref.toString()}#${v}`);
        if (ref) this.doc.context.assign(ref, copy);
      }
    }
  }

  /** Draws a shaped line with its left edge at `x` and its baseline at `y`. */
  draw(page: PDFPage, line: ShapedLine, x: number, y: number, color: Color): void {
    const keys = new Map<string, PDFName>();
    // (keyed by reference: before embedding, every face of one family has the same name)
    const fontKey = (glyph: PlacedGlyph) => `${glyph.font.ref.toString()}#${glyph.variant}`;
    const ops = [pushGraphicsState(), beginText(), setFillingColor(color)];
    // Glyphs of right-to-left runs go to the page last-drawn-first (logical order), so text extraction reads them
    // right to left; their positions are unchanged.
    const ordered: PlacedGlyph[] = [];
    for (let i = 0; i < line.glyphs.length;) {
      let j = i;
      while (j < line.glyphs.length && line.glyphs[j]!.rtl === line.glyphs[i]!.rtl) j += 1;
      const run = line.glyphs.slice(i, j);
      ordered.push(...(line.glyphs[i]!.rtl ? run.reverse() : run));
      i = j;
    }
    let current: string | undefined;
    for (const glyph of ordered) {
      const id = fontKey(glyph);
      if (id !== current) {
        current = id;
        let key = keys.get(id);
        if (!key) {
          let ref = glyph.font.ref;
          if (glyph.variant > 0) {
            ref = this.variantRefs.get(id) ?? this.doc.context.nextRef();
            this.variantRefs.set(id, ref);
          }
          keys.set(id, (key = page.node.newFontDictionary(glyph.font.name.replace(/\W/g, ''), ref)));
        }
        ops.push(setFontAndSize(key, line.size));
      }
      ops.push(setTextMatrix(1, 0, 0, 1, x + glyph.x, y + glyph.y), showText(PDFHexString.of(glyph.code)));
    }
    ops.push(endText(), popGraphicsState());
    page.pushOperators(...ops);
  }
}
