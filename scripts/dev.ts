import { spawn } from "node:child_process";
import { ensureDevSecret, prepareDatabase } from "./prepare";

ensureDevSecret();
const port = process.env.PORT ?? "3000";
process.env.BETTER_AUTH_URL ??= `http://localhost:${port}`;

const login = await prepareDatabase();
console.log("");
console.log(`  Pipeline is starting at ${process.env.BETTER_AUTH_URL}`);
if (login) console.log(`  Demo login: ${login}`);
console.log("");

// scripts/serve.mjs: Next.js behind a server that tells the app each request's socket address.
const child = spawn(process.execPath, ["scripts/serve.mjs", "dev", "-p", port, ...process.argv.slice(2)], {
  stdio: "inherit",
  env: process.env,
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
child.on("exit", (code) => process.exit(code ?? 0));
