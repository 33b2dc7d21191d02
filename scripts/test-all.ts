import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";

/**
 * `npm test`: everything CI runs — lint, typecheck, unit, API and robustness tests (vitest, real
 * database), the SDK (its types checked against the OpenAPI document, then its tests), a
 * production build, and Playwright in Chromium. Runs every stage even after a
 * failure, then prints one line `N passed, M failed` and exits non-zero on any failure.
 * Stages can be narrowed for local work: `npm test -- --only unit,api`.
 */
const only = (() => {
  const i = process.argv.indexOf("--only");
  return i > -1 ? new Set(process.argv[i + 1].split(",")) : null;
})();
mkdirSync("test-results", { recursive: true });

let passed = 0;
let failed = 0;
let skipped = 0;
const lines: string[] = [];

function run(cmd: string, args: string[], env: Record<string, string> = {}): number {
  const r = spawnSync(cmd, args, { stdio: "inherit", env: { ...process.env, ...env } });
  return r.status ?? 1;
}

function check(name: string, cmd: string, args: string[]) {
  if (only && !only.has(name)) return;
  console.log(`\n=== ${name} ===`);
  const ok = run(cmd, args) === 0;
  if (ok) passed++;
  else failed++;
  lines.push(`${name}: ${ok ? "ok" : "FAILED"}`);
}

function vitest(project: string) {
  if (only && !only.has(project)) return;
  console.log(`\n=== vitest: ${project} ===`);
  const out = `test-results/vitest-${project}.json`;
  const code = run("npx", ["vitest", "run", "--project", project, "--reporter=default", "--reporter=json", `--outputFile.json=${out}`]);
  tally(project, code, () => {
    const r = JSON.parse(readFileSync(out, "utf8"));
    // A suite that failed outside its tests (setup, import) is counted by the exit-code check in tally().
    return { p: r.numPassedTests, f: r.numFailedTests, s: r.numPendingTests + r.numTodoTests };
  }, out);
}

function tally(name: string, code: number, read: () => { p: number; f: number; s: number }, file: string) {
  let p = 0;
  let f = 0;
  let s = 0;
  if (existsSync(file)) {
    try {
      ({ p, f, s } = read());
    } catch {
      f = 1;
    }
  }
  if (code !== 0 && f === 0) f = 1; // the runner failed outside any test (setup, build, crash)
  passed += p;
  failed += f;
  skipped += s;
  lines.push(`${name}: ${p} passed, ${f} failed${s ? `, ${s} skipped` : ""}`);
}

check("lint", "npx", ["eslint", "."]);
check("typecheck", "npx", ["tsc", "--noEmit"]);
vitest("unit");
vitest("api");
// The SDK's generated types must match the API's OpenAPI document, and the SDK must work end to end.
check("sdk-types", "npx", ["tsx", "--conditions=react-server", "scripts/sdk-types.ts", "--check"]);
vitest("sdk");
if (existsSync("e2e/robustness")) vitest("robustness");

if (!only || only.has("e2e")) {
  console.log("\n=== build ===");
  const buildCode = run("npx", ["next", "build"], { NODE_ENV: "production" });
  if (buildCode !== 0) {
    failed++;
    lines.push("build: FAILED");
  } else {
    passed++;
    lines.push("build: ok");
    console.log("\n=== playwright ===");
    const file = "test-results/e2e-report.json";
    const code = run("npx", ["playwright", "test"], { E2E_SKIP_BUILD: "1" });
    tally("e2e", code, () => {
      const r = JSON.parse(readFileSync(file, "utf8"));
      return { p: r.stats.expected + (r.stats.flaky ?? 0), f: r.stats.unexpected, s: r.stats.skipped };
    }, file);
  }
}

console.log("\n=== summary ===");
for (const l of lines) console.log(`  ${l}`);
writeFileSync("test-results/summary.json", JSON.stringify({ passed, failed, skipped }));
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failed > 0 ? 1 : 0);
