import "server-only";
import { getDb } from "@/lib/db";
import { runImport } from "./service";

/**
 * The in-process runner: the app process that queues an import runs it, in the background of
 * the request. Whoever reads a queued or running import kicks it too, so an import whose process
 * stopped (a restart, a crash) is taken over once its heartbeat is stale (service.ts runImport),
 * by whichever instance is asked about it first.
 */

const running: Set<string> = ((globalThis as { __pipelineImportsRunning?: Set<string> }).__pipelineImportsRunning ??= new Set());

export function kickImport(id: string): void {
  if (running.has(id)) return;
  running.add(id);
  runImport(getDb(), id)
    .catch((error: unknown) => console.error(`import ${id}`, error))
    .finally(() => running.delete(id));
}
