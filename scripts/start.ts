import { spawn } from "node:child_process";
import { ensureDevSecret, prepareDatabase } from "./prepare";

// `npm start` serves the production build. Outside CI/benchmarks, set BETTER_AUTH_SECRET yourself;
// ALLOW_DEV_SECRET=1 reuses the development secret for local production runs.
if (process.env.ALLOW_DEV_SECRET === "1") ensureDevSecret();
const port = process.env.PORT ?? "3000";
process.env.BETTER_AUTH_URL ??= `http://localhost:${port}`;

const login = await prepareDatabase();
console.log(`  Pipeline (production build) at ${process.env.BETTER_AUTH_URL}${login ? `\n  Demo login: ${login}` : ""}`);

// scripts/serve.mjs: Next.js behind a server that tells the app each request's socket address.
const child = spawn(process.execPath, ["scripts/serve.mjs", "start", "-p", port, ...process.argv.slice(2)], {
  stdio: "inherit",
  env: { ...process.env, NODE_ENV: "production" },
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
child.on("exit", (code) => process.exit(code ?? 0));
