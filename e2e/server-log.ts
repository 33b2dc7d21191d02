import path from "node:path";

/** Where scripts/e2e-server.ts keeps the log of the server on `port` (read by e2e/mail.ts). */
export function serverLogPath(port: string | number): string {
  return path.resolve("test-results", `e2e-server-${port}.log`);
}
