import { withApi } from "@/lib/api/handler";
import { resolveCaller } from "@/lib/api/session";
import { seesAllDeals } from "@/lib/permissions";
import { subscribeDealChanges } from "@/lib/realtime/listener";
import { otherMethods } from "@/lib/api/methods";

export const dynamic = "force-dynamic";

const HEARTBEAT_MS = 15_000;
/** Every this many heartbeats the session is checked again, so a signed-out session stops listening. */
const REVALIDATE_EVERY = 4;
const RETRY_MS = 3_000;

/**
 * GET /api/v1/crm/events: a server-sent event stream of the caller's tenant's deal changes
 * (`event: deal_change`, data `{deal_id, kind, stage, version, by}`), fed by PostgreSQL
 * LISTEN/NOTIFY so changes made on any app instance arrive. `event: ready` once listening,
 * `event: resync` when notifications may have been missed (or the workspace's settings changed), a
 * comment heartbeat every 15 s. A rep whose workspace shows reps only their own deals hears only of
 * deals that are theirs, or were theirs until the change (so a reassigned card leaves their board).
 */
export const GET = withApi({}, async ({ caller, req }) => {
  const encoder = new TextEncoder();
  let cleanup = () => {};

  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      let closed = false;
      const send = (chunk: string) => {
        if (closed) return;
        try {
          controller.enqueue(encoder.encode(chunk));
        } catch {
          cleanup();
        }
      };
      const subscription = subscribeDealChanges(caller.tenantId, (message) => {
        if (message.type === "resync") return send(`event: resync\ndata: {}\n\n`);
        const { deal_id, kind, stage, version, by, owner, previous_owner } = message.event;
        if (!seesAllDeals(caller) && owner !== caller.userId && previous_owner !== caller.userId) return;
        send(`event: deal_change\ndata: ${JSON.stringify({ deal_id, kind, stage, version, by })}\n\n`);
      });
      let beats = 0;
      const heartbeat = setInterval(async () => {
        send(`: heartbeat\n\n`);
        beats += 1;
        if (beats % REVALIDATE_EVERY === 0) {
          const still = await resolveCaller(req.headers).catch(() => null);
          if (still && !still.ok) cleanup();
        }
      }, HEARTBEAT_MS);
      cleanup = () => {
        if (closed) return;
        closed = true;
        clearInterval(heartbeat);
        subscription.close();
        req.signal.removeEventListener("abort", cleanup);
        try {
          controller.close();
        } catch {
          // already closed by the client
        }
      };
      req.signal.addEventListener("abort", cleanup);

      send(`retry: ${RETRY_MS}\n: connected\n\n`);
      subscription.ready.then(() => send(`event: ready\ndata: {}\n\n`));
    },
    cancel() {
      cleanup();
    },
  });

  return new Response(stream, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      // no-transform keeps compression middleware from buffering the stream.
      "cache-control": "no-cache, no-store, no-transform",
      connection: "keep-alive",
      "x-accel-buffering": "no",
    },
  });
});

export const { HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods({ GET });
