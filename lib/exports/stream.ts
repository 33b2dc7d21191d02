import "server-only";
import { AppError } from "@/lib/api/errors";
import { type CsvCell, csvLines, UTF8_BOM } from "./columns";

/**
 * A CSV download streamed page by page: the header first, then each page of rows as the
 * database returns it, so a 100,000-deal export never holds more than one page in memory. The
 * stream pulls the next page only when the client has read the previous one (backpressure), and
 * stops querying when the client goes away.
 */
export function csvResponse(fileName: string, headers: readonly string[], pages: AsyncGenerator<CsvCell[][]>): Response {
  const encoder = new TextEncoder();
  let started = false;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(UTF8_BOM + csvLines([[...headers]])));
        return;
      }
      try {
        const next = await pages.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(csvLines(next.value)));
      } catch (error) {
        console.error("CSV export failed", error);
        controller.error(error);
      }
    },
    async cancel() {
      await pages.return(undefined);
    },
  });
  return new Response(body, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${fileName}"`,
      "cache-control": "no-store",
    },
  });
}

type Format = "json" | "csv";

/**
 * What a list endpoint answers in, from `Accept`: CSV when text/csv is asked for and preferred
 * (or JSON not acceptable), JSON otherwise; 406 when neither is acceptable.
 */
export function listFormat(accept: string | null): Format {
  if (!accept || !accept.trim()) return "json";
  let json = 0;
  let csv = 0;
  for (const part of accept.split(",")) {
    const [type, ...params] = part.trim().toLowerCase().split(";").map((s) => s.trim());
    const qParam = params.find((p) => p.startsWith("q="));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (!(q > 0)) continue;
    if (type === "application/json" || type === "application/problem+json") json = Math.max(json, q);
    else if (type === "text/csv") csv = Math.max(csv, q);
    else if (type === "*/*" || type === "application/*") json = Math.max(json, q * 0.999);
    else if (type === "text/*") csv = Math.max(csv, q * 0.999);
  }
  if (csv === 0 && json === 0) {
    throw new AppError(406, "not_acceptable", "This endpoint answers in application/json, and lists also in text/csv; ask for one of them in Accept.");
  }
  return csv > json ? "csv" : "json";
}
