import "server-only";
import { readBodyCapped } from "@/lib/api/body";
import { AppError } from "@/lib/api/errors";
import { MAX_IMPORT_BYTES } from "./service";

const CSV_TYPES = new Set(["text/csv", "text/plain", "application/csv", "application/vnd.ms-excel", "application/octet-stream"]);

/**
 * An upload's bytes: the file itself as the body (`Content-Type: text/csv`; browsers send a
 * File that way, and curl with `--data-binary @file.csv`), read up to MAX_IMPORT_BYTES. The
 * charset is not trusted (Excel never declares one): the bytes are decoded by lib/imports/csv.ts.
 */
export async function readCsvUpload(req: Request): Promise<Uint8Array> {
  const type = (req.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  if (!CSV_TYPES.has(type)) {
    throw new AppError(415, "unsupported_media_type", "Send the CSV file itself as the body, with Content-Type: text/csv.");
  }
  const tooLarge = () => new AppError(413, "payload_too_large", `A CSV upload is at most ${MAX_IMPORT_BYTES / 1024 / 1024} MB; split the file.`);
  if (Number(req.headers.get("content-length") ?? "0") > MAX_IMPORT_BYTES) throw tooLarge();
  return readBodyCapped(req, MAX_IMPORT_BYTES, tooLarge);
}
