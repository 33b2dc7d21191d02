/** One line of bench/results/latest.json (its shape is a contract: other tools read it). */
export interface ResultRow {
  scenario: string;
  concurrency: number;
  rps: number;
  p50_ms: number;
  p99_ms: number;
  non2xx: number;
  /** The machine floor: the same SQL on bare node:http + pg. */
  floor_rps: number;
  floor_p50_ms: number;
  /** The framework floor: the same SQL in a plain Next.js route handler. */
  framework_floor_rps: number;
  framework_floor_p50_ms: number;
}

const pct = (a: number, b: number) => (b > 0 ? `${Math.round((a / b) * 100)}%` : "–");

export function formatTable(rows: ResultRow[], errors: Map<string, string>): string {
  const header = ["scenario", "c", "req/s", "p50 ms", "p99 ms", "errors", "fw floor req/s", "fw p50", "machine req/s", "machine p50", "÷ fw", "÷ machine"];
  const lines = rows.map((r) => {
    const key = `${r.scenario}@${r.concurrency}`;
    return [
      r.scenario,
      String(r.concurrency),
      String(r.rps),
      r.p50_ms.toFixed(1),
      r.p99_ms.toFixed(1),
      errors.get(key) ?? String(r.non2xx),
      String(r.framework_floor_rps),
      r.framework_floor_p50_ms.toFixed(1),
      String(r.floor_rps),
      r.floor_p50_ms.toFixed(1),
      pct(r.rps, r.framework_floor_rps),
      pct(r.rps, r.floor_rps),
    ];
  });
  return formatColumns(header, lines);
}

/** The app against the `--baseline` checkout, measured in the same rotation. */
export interface BaselineRow {
  scenario: string;
  concurrency: number;
  rps: number;
  p99_ms: number;
  baseline_rps: number;
  baseline_p99_ms: number;
  baseline_non2xx: number;
  framework_floor_rps: number;
}

export function formatBaseline(rows: BaselineRow[]): string {
  return formatColumns(
    ["scenario", "c", "req/s", "baseline req/s", "change", "p99 ms", "baseline p99", "÷ fw", "baseline ÷ fw", "baseline errors"],
    rows.map((r) => [
      r.scenario,
      String(r.concurrency),
      String(r.rps),
      String(r.baseline_rps),
      r.baseline_rps > 0 ? `${r.rps >= r.baseline_rps ? "+" : ""}${Math.round((r.rps / r.baseline_rps - 1) * 100)}%` : "–",
      r.p99_ms.toFixed(1),
      r.baseline_p99_ms.toFixed(1),
      pct(r.rps, r.framework_floor_rps),
      pct(r.baseline_rps, r.framework_floor_rps),
      String(r.baseline_non2xx),
    ]),
  );
}

/** A plain-text table: the first column left-aligned, the rest right-aligned. */
function formatColumns(header: string[], lines: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const fmt = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
  return [fmt(header), widths.map((w) => "-".repeat(w)).join("  "), ...lines.map(fmt)].join("\n");
}

export interface TargetCheck {
  target: string;
  ok: boolean;
  detail: string;
}

/**
 * The issue's targets, checked against one run's rows. With `floors` (each scenario@concurrency's floor
 * figures), a p99 target also says what the two floors' p99 was in the same rotation, so a miss
 * the plain Next.js route shares reads as such.
 */
/** What `checkTargets` reads of each floor's figures, per `scenario@concurrency`. */
type FloorFigures = Record<string, { framework?: { p99_ms: number; non2xx?: number; errors?: number }; machine?: { p99_ms: number; non2xx?: number; errors?: number } }>;

export function checkTargets(rows: ResultRow[], floors?: FloorFigures): TargetCheck[] {
  const row = (s: string, c: number) => rows.find((r) => r.scenario === s && r.concurrency === c);
  const floorsP99 = (s: string, c: number) => {
    const f = floors?.[`${s}@${c}`];
    return f?.framework && f.machine ? ` (framework floor p99 ${f.framework.p99_ms} ms, machine floor ${f.machine.p99_ms} ms)` : "";
  };
  const out: TargetCheck[] = [];
  for (const s of ["list", "get"]) {
    const r = row(s, 16);
    if (r) {
      const share = r.rps / r.framework_floor_rps;
      out.push({
        target: `${s} c=16 ≥ 70% of the framework floor`,
        ok: share >= 0.7,
        detail: `${r.rps} vs ${r.framework_floor_rps} req/s = ${pct(r.rps, r.framework_floor_rps)} (machine floor ${r.floor_rps}: ${pct(r.rps, r.floor_rps)})`,
      });
    }
  }
  for (const c of [1, 16]) {
    const r = row("list", c);
    if (r) out.push({ target: `list p99 ≤ 60 ms (c=${c})`, ok: r.rps > 0 && r.p99_ms <= 60, detail: `p99 ${r.p99_ms} ms at ${r.rps} req/s${floorsP99("list", c)}` });
  }
  for (const c of [1, 16]) {
    const cursor = row("cursor", c);
    const list = row("list", c);
    if (cursor && list) {
      const ratio = cursor.p50_ms / list.p50_ms;
      out.push({
        target: `cursor at depth within 1.5× of page 1 (c=${c})`,
        ok: ratio <= 1.5 && cursor.rps >= list.rps / 1.5,
        detail: `p50 ${cursor.p50_ms} vs ${list.p50_ms} ms (${ratio.toFixed(2)}×), ${cursor.rps} vs ${list.rps} req/s`,
      });
    }
  }
  for (const c of [1, 16]) {
    const r = row("move", c);
    if (r) out.push({ target: `stage move p99 ≤ 60 ms (c=${c})`, ok: r.rps > 0 && r.p99_ms <= 60, detail: `p99 ${r.p99_ms} ms at ${r.rps} req/s${floorsP99("move", c)}` });
  }
  const stalled = rows.filter((r) => r.rps === 0);
  if (stalled.length) {
    out.push({ target: "every scenario completes requests", ok: false, detail: stalled.map((r) => `${r.scenario}@${r.concurrency}: 0 req/s`).join(", ") });
  }
  const errors = rows.filter((r) => r.non2xx > 0);
  out.push({
    target: "no errors",
    ok: errors.length === 0,
    detail: errors.length ? errors.map((r) => `${r.scenario}@${r.concurrency}: ${r.non2xx}`).join(", ") : "0 non-2xx",
  });
  // A floor that answers errors is not doing the endpoint's work, so its figures compare nothing.
  const floorErrors = Object.entries(floors ?? {}).flatMap(([key, f]) =>
    (["machine", "framework"] as const).flatMap((name) => {
      const failed = (f[name]?.non2xx ?? 0) + (f[name]?.errors ?? 0);
      return failed > 0 ? [`${name} floor ${key}: ${failed}`] : [];
    }),
  );
  if (floors) {
    out.push({ target: "floors answer without errors", ok: floorErrors.length === 0, detail: floorErrors.length ? floorErrors.join(", ") : "0 non-2xx" });
  }
  return out;
}
