"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { AlertTriangle, RotateCw } from "lucide-react";
import { useTranslations } from "next-intl";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { useLocale } from "@/components/ui/use-locale";
import { apiFetch } from "@/lib/api-client";
import { webhookKeys } from "@/lib/queries/keys";
import type { WebhookDelivery } from "@/lib/webhooks/schema";
import { cn } from "@/lib/utils";

const STATUS_STYLE: Record<WebhookDelivery["status"], string> = {
  pending: "bg-amber-50 text-amber-800 border-amber-200",
  succeeded: "bg-emerald-50 text-emerald-800 border-emerald-200",
  failed: "bg-red-50 text-red-800 border-red-200",
};

/**
 * An endpoint's newest deliveries: status, attempts, the last answer and how long it took, when
 * the next attempt is due, and a retry button. Polls while a delivery is pending, so a test event
 * or a retry shows its outcome without a reload. A table on wide screens, cards on a phone.
 */
export function WebhookDeliveries({ webhookId }: { webhookId: string }) {
  const t = useTranslations("webhooks.deliveries");
  const locale = useLocale();
  const queryClient = useQueryClient();
  const times = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "medium" });
  const query = useQuery({
    queryKey: webhookKeys.deliveries(webhookId),
    queryFn: () => apiFetch<{ items: WebhookDelivery[] }>(`/api/v1/webhooks/${webhookId}/deliveries`).then((r) => r.items),
    // Soon after a change (an attempt due within the minute) every second; a retry hours away every 30 s.
    refetchInterval: (q) => {
      const pending = q.state.data?.filter((d) => d.status === "pending") ?? [];
      if (pending.length === 0) return false;
      const soon = pending.some((d) => d.next_attempt_at === null || Date.parse(d.next_attempt_at) - Date.now() < 60_000);
      return soon ? 1_000 : 30_000;
    },
  });
  const retry = useMutation({
    mutationFn: (deliveryId: string) => apiFetch(`/api/v1/webhooks/${webhookId}/deliveries/${deliveryId}/retry`, { method: "POST" }),
    onSuccess: () => toast.success(t("retryQueued")),
    onError: () => toast.error(t("retryFailed")),
    onSettled: () => queryClient.invalidateQueries({ queryKey: webhookKeys.deliveries(webhookId) }),
  });

  if (query.isPending) {
    return (
      <div className="space-y-2" aria-busy="true" aria-label={t("loading")}>
        <Skeleton className="h-8 w-full" />
        <Skeleton className="h-8 w-full" />
      </div>
    );
  }
  if (query.isError) {
    return (
      <div role="alert" className="flex flex-wrap items-center gap-2 rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800">
        <AlertTriangle className="h-4 w-4" aria-hidden /> {t("loadFailed")}
        <Button size="sm" variant="secondary" className="h-11 sm:h-7" onClick={() => void query.refetch()}>
          {t("reload")}
        </Button>
      </div>
    );
  }
  const items = query.data;
  if (items.length === 0) return <p className="text-sm text-muted">{t("empty")}</p>;

  const status = (d: WebhookDelivery) => (
    <span className={cn("inline-flex rounded-full border px-2 py-0.5 text-xs font-medium", STATUS_STYLE[d.status])}>{t(`status.${d.status}`)}</span>
  );
  const answer = (d: WebhookDelivery) => (d.response_status !== null ? String(d.response_status) : "—");
  const duration = (d: WebhookDelivery) => (d.duration_ms !== null ? t("ms", { ms: d.duration_ms }) : "—");
  const next = (d: WebhookDelivery) => (d.next_attempt_at ? times.format(new Date(d.next_attempt_at)) : "—");
  const retryButton = (d: WebhookDelivery) => (
    <Button
      size="sm"
      variant="secondary"
      className="h-11 sm:h-7"
      aria-label={t("retryLabel", { event: d.event_type })}
      loading={retry.isPending && retry.variables === d.id}
      onClick={() => retry.mutate(d.id)}
    >
      <RotateCw className="h-3.5 w-3.5" aria-hidden /> {t("retry")}
    </Button>
  );

  return (
    <>
      <table className="hidden w-full text-left text-xs sm:table">
        <caption className="sr-only">{t("caption")}</caption>
        <thead className="text-muted">
          <tr className="border-b border-slate-200">
            <th scope="col" className="py-1.5 pr-2 font-medium">{t("event")}</th>
            <th scope="col" className="py-1.5 pr-2 font-medium">{t("statusLabel")}</th>
            <th scope="col" className="py-1.5 pr-2 text-right font-medium">{t("attempts")}</th>
            <th scope="col" className="py-1.5 pr-2 text-right font-medium">{t("response")}</th>
            <th scope="col" className="py-1.5 pr-2 text-right font-medium">{t("duration")}</th>
            <th scope="col" className="py-1.5 pr-2 font-medium">{t("nextAttempt")}</th>
            <th scope="col" className="py-1.5 font-medium"><span className="sr-only">{t("actions")}</span></th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {items.map((d) => (
            <tr key={d.id} data-testid="webhook-delivery">
              <td className="py-1.5 pr-2">
                <code>{d.event_type}</code>
                <div className="text-muted">{times.format(new Date(d.created_at))}</div>
                {d.last_error ? <div className="text-red-700">{d.last_error}</div> : null}
              </td>
              <td className="py-1.5 pr-2">{status(d)}</td>
              <td className="py-1.5 pr-2 text-right tabular-nums">{d.attempts}</td>
              <td className="py-1.5 pr-2 text-right tabular-nums">{answer(d)}</td>
              <td className="py-1.5 pr-2 text-right tabular-nums">{duration(d)}</td>
              <td className="py-1.5 pr-2">{next(d)}</td>
              <td className="py-1.5 text-right">{retryButton(d)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <ul className="space-y-2 sm:hidden" aria-label={t("caption")}>
        {items.map((d) => (
          <li key={d.id} className="rounded-md border border-slate-200 p-3 text-xs">
            <div className="flex items-center justify-between gap-2">
              <code className="min-w-0 break-all">{d.event_type}</code>
              {status(d)}
            </div>
            <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-muted">
              <dt>{t("attempts")}</dt>
              <dd className="tabular-nums">{d.attempts}</dd>
              <dt>{t("response")}</dt>
              <dd className="tabular-nums">{answer(d)} · {duration(d)}</dd>
              <dt>{t("nextAttempt")}</dt>
              <dd>{next(d)}</dd>
            </dl>
            {d.last_error ? <p className="mt-1 text-red-700">{d.last_error}</p> : null}
            <div className="mt-2">{retryButton(d)}</div>
          </li>
        ))}
      </ul>
    </>
  );
}
