import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

/**
 * Summarizes V8 CPU profiles written by `node --cpu-prof` (the app server under `npm run bench
 * -- --profile`): self time per function and per package, so the cost of Next.js, our handler
 * wrapper, validation, serialization and the pg driver can be told apart.
 */

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

/** Which bucket a script belongs to: a package name, "app" for our code, or "node" for internals. */
function bucketOf(url: string): string {
  if (!url) return "(native / idle / gc)";
  if (url.startsWith("node:")) return "node";
  const nm = url.lastIndexOf("node_modules/");
  if (nm >= 0) {
    const rest = url.slice(nm + "node_modules/".length).split("/");
    return rest[0].startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (/\/(chunks|server)\//.test(url) && /\.next[^/]*\//.test(url)) return "app bundle (.next)";
  return "other";
}

interface ProfileSummary {
  file: string;
  totalMs: number;
  byBucket: Array<{ bucket: string; ms: number; share: number }>;
  topFunctions: Array<{ fn: string; ms: number; share: number }>;
}

export function summarizeProfile(file: string, top = 25): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  if (profile.samples && profile.timeDeltas) {
    profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas![i] ?? 0)));
  } else {
    const per = (profile.endTime - profile.startTime) / Math.max(1, profile.nodes.reduce((s, n) => s + (n.hitCount ?? 0), 0));
    for (const n of profile.nodes) selfUs.set(n.id, (n.hitCount ?? 0) * per);
  }
  let total = 0;
  const buckets = new Map<string, number>();
  const functions = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const node = byId.get(id);
    if (!node) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === "(idle)") continue;
    total += us;
    const bucket = bucketOf(url);
    buckets.set(bucket, (buckets.get(bucket) ?? 0) + us);
    const short = url ? `${url.replace(/^.*node_modules\//, "").replace(/^file:\/\/.*\/(\.next[^/]*)\//, "$1/")}:${lineNumber + 1}` : "";
    const key = `${functionName || "(anonymous)"} ${short}`.trim();
    functions.set(key, (functions.get(key) ?? 0) + us);
  }
  const ms = (us: number) => Math.round(us / 100) / 10;
  const share = (us: number) => Math.round((us / total) * 1000) / 10;
  return {
    file,
    totalMs: ms(total),
    byBucket: [...buckets].sort((a, b) => b[1] - a[1]).map(([bucket, us]) => ({ bucket, ms: ms(us), share: share(us) })),
    topFunctions: [...functions]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([fn, us]) => ({ fn, ms: ms(us), share: share(us) })),
  };
}

/** The newest .cpuprofile in `dir`. */
export function newestProfile(dir: string): string | undefined {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".cpuprofile"))
    .map((f) => path.join(dir, f));
  // The server process is the one that ran longest: the largest profile.
  return files.sort((a, b) => statSync(b).size - statSync(a).size)[0];
}

export function formatSummary(s: ProfileSummary): string {
  return [
    `CPU profile ${path.basename(s.file)}: ${s.totalMs} ms on CPU (idle excluded)`,
    "by package:",
    ...s.byBucket.slice(0, 15).map((b) => `  ${String(b.share).padStart(5)}%  ${String(b.ms).padStart(8)} ms  ${b.bucket}`),
    "top functions (self time):",
    ...s.topFunctions.map((f) => `  ${String(f.share).padStart(5)}%  ${String(f.ms).padStart(8)} ms  ${f.fn}`),
  ].join("\n");
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const target = process.argv[2];
  if (!target) throw new Error("usage: tsx bench/profile.ts <file.cpuprofile | dir>");
  const file = statSync(target).isDirectory() ? newestProfile(target) : target;
  if (!file) throw new Error(`no .cpuprofile in ${target}`);
  console.log(formatSummary(summarizeProfile(file)));
}
