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

const child = spawn(process.execPath, ["node_modules/next/dist/bin/next", "dev", "-p", port, ...process.argv.slice(2)], {
  stdio: "inherit",
  env: process.env,
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
child.on("exit", (code) => process.exit(code ?? 0));
