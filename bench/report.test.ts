import { describe, expect, it } from "vitest";
import { checkTargets, type ResultRow } from "./report";

const row = (scenario: string, concurrency: number): ResultRow => ({
  scenario,
  concurrency,
  rps: 500,
  p50_ms: 20,
  p99_ms: 40,
  non2xx: 0,
  floor_rps: 900,
  floor_p50_ms: 10,
  framework_floor_rps: 600,
  framework_floor_p50_ms: 15,
});
const clean = { p99_ms: 30, non2xx: 0, errors: 0 };

describe("checkTargets", () => {
  it("fails the run when a floor answered errors, naming the floor and scenario, and passes clean floors", () => {
    const rows = [row("move", 1), row("move", 16)];
    const floorCheck = (floors: Parameters<typeof checkTargets>[1]) => checkTargets(rows, floors).find((c) => c.target === "floors answer without errors");

    expect(floorCheck({ "move@1": { machine: clean, framework: clean }, "move@16": { machine: clean, framework: clean } })).toMatchObject({ ok: true });
    const failed = floorCheck({
      "move@1": { machine: { ...clean, non2xx: 2070 }, framework: clean },
      "move@16": { machine: clean, framework: { ...clean, errors: 3 } },
    });
    expect(failed).toMatchObject({ ok: false, detail: "machine floor move@1: 2070, framework floor move@16: 3" });
  });
});
