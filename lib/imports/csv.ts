import iconv from "iconv-lite";
import Papa from "papaparse";

/**
 * Reading an uploaded CSV: its bytes to text, the text to records.
 *
 * Encoding: a file that decodes as strict UTF-8 is UTF-8 (with or without the BOM Excel writes);
 * anything else is read as Shift-JIS (Windows-31J, what Japanese Excel saves as "CSV"). A
 * Shift-JIS file almost never happens to be valid UTF-8 once it holds any Japanese text, so the
 * strict decode is a reliable test, where a statistical detector guesses on short files. The
 * encoding used is reported to the person, who can re-save the file as "CSV UTF-8" if it is wrong.
 * iconv-lite decodes Shift-JIS (Node's TextDecoder only has it with full ICU, which slim builds lack).
 *
 * Parsing: papaparse (RFC 4180: quoted fields with commas, quotes and line breaks), chosen over
 * csv-parse because one library then both parses imports and writes exports, and it also runs in
 * the browser.
 */

export type CsvEncoding = "utf-8" | "utf-8-bom" | "shift_jis";

const strictUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

export function decodeCsv(bytes: Uint8Array): { text: string; encoding: CsvEncoding } {
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = bom ? bytes.subarray(3) : bytes;
  try {
    return { text: strictUtf8.decode(body), encoding: bom ? "utf-8-bom" : "utf-8" };
  } catch {
    return { text: iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), "cp932"), encoding: "shift_jis" };
  }
}

/** One record of the file: its cells and the line of the file it starts on (the header is on line 1). */
export interface CsvRecord {
  line: number;
  cells: string[];
}

export interface ParsedCsv {
  headers: string[];
  records: CsvRecord[];
}

/** The header and the records; blank records (every cell empty) are skipped. */
export function parseCsv(text: string): ParsedCsv {
  const records: CsvRecord[] = [];
  let headers: string[] | null = null;
  let start = 0;
  let line = 1;
  Papa.parse<string[]>(text, {
    step: (result) => {
      const cells = result.data;
      const end = result.meta.cursor;
      const startLine = line;
      for (let i = start; i < end; i++) if (text.charCodeAt(i) === 10) line++;
      start = end;
      if (cells.every((c) => c.trim() === "")) return;
      if (headers === null) headers = cells.map((c) => c.trim());
      // A line break inside a cell is stored as "\n", whichever the file used.
      else records.push({ line: startLine, cells: cells.map((c) => (c.includes("\r") ? c.replace(/\r\n?/g, "\n") : c)) });
    },
  });
  return { headers: headers ?? [], records };
}
