"use client";

import { Copy, KeyRound, Trash2 } from "lucide-react";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { AlertDialog, AlertDialogAction, AlertDialogCancel, AlertDialogContent } from "@/components/ui/alert-dialog";
import { Button } from "@/components/ui/button";
import { FieldError, Input, Label } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { useLocale } from "@/components/ui/use-locale";
import { useNow } from "@/components/ui/use-now";
import { ApiError, apiFetch } from "@/lib/api-client";
import { API_KEY_ACCESS, API_KEY_SCOPES, type ApiKey, type ApiKeyAccess, type ApiKeyScope } from "@/lib/api-keys/schema";

const EXPIRY_DAYS = ["never", "30", "90", "365"] as const;
type Expiry = (typeof EXPIRY_DAYS)[number];

/**
 * Settings → API keys: create a key (its secret shown once, with a copy button), the list of
 * keys with when each was last used, and revoking one after a confirmation. The list comes from
 * the server render; after a change the page is refreshed.
 */
export function ApiKeyManager({ keys }: { keys: ApiKey[] }) {
  const t = useTranslations("settings.apiKeys");
  const locale = useLocale();
  const now = useNow();
  const router = useRouter();
  const [name, setName] = useState("");
  const [access, setAccess] = useState<ApiKeyAccess>("read_write");
  const [scope, setScope] = useState<ApiKeyScope>("workspace");
  const [expiry, setExpiry] = useState<Expiry>("never");
  const [error, setError] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<{ name: string; secret: string } | null>(null);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const [revokePending, setRevokePending] = useState(false);
  const dates = new Intl.DateTimeFormat(locale, { dateStyle: "medium" });
  const dateTimes = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" });

  async function onCreate(event: React.FormEvent) {
    event.preventDefault();
    setError(null);
    if (!name.trim()) return setError(t("nameRequired"));
    setCreating(true);
    try {
      const expires_at = expiry === "never" ? undefined : new Date(Date.now() + Number(expiry) * 86_400_000).toISOString();
      const result = await apiFetch<{ api_key: ApiKey; secret: string }>("/api/v1/api-keys", {
        method: "POST",
        body: { name: name.trim(), access, scope, ...(expires_at ? { expires_at } : {}) },
      });
      setCreated({ name: result.api_key.name, secret: result.secret });
      setName("");
      router.refresh();
    } catch (e) {
      setError(e instanceof ApiError && e.errors[0]?.field === "name" ? t("nameRequired") : t("createFailed"));
    } finally {
      setCreating(false);
    }
  }

  async function revoke(key: ApiKey) {
    setRevokePending(true);
    try {
      await apiFetch(`/api/v1/api-keys/${key.id}`, { method: "DELETE" });
      toast.success(t("revoked", { name: key.name }));
      router.refresh();
    } catch {
      toast.error(t("revokeFailed"));
    } finally {
      setRevokePending(false);
      setRevoking(null);
    }
  }

  async function copy(secret: string) {
    await navigator.clipboard?.writeText(secret).catch(() => {});
    toast.success(t("copied"));
  }

  return (
    <>
      <section aria-labelledby="api-key-create-heading" className="rounded-lg border border-slate-200 bg-surface p-4">
        <h2 id="api-key-create-heading" className="text-sm font-semibold">
          {t("createHeading")}
        </h2>
        <form onSubmit={onCreate} className="mt-3 grid gap-3 sm:grid-cols-2" noValidate>
          <div className="space-y-1.5 sm:col-span-2">
            <Label htmlFor="api-key-name">{t("name")}</Label>
            <Input
              id="api-key-name"
              value={name}
              maxLength={100}
              placeholder={t("namePlaceholder")}
              aria-invalid={error === t("nameRequired") || undefined}
              aria-describedby={error ? "api-key-error" : undefined}
              onChange={(e) => setName(e.target.value)}
            />
          </div>
          <div className="space-y-1.5">
            <Label htmlFor="api-key-access">{t("access")}</Label>
            <Select
              id="api-key-access"
              aria-label={t("access")}
              value={access}
              onValueChange={(v) => setAccess(v as ApiKeyAccess)}
              options={[...API_KEY_ACCESS].reverse().map((a) => ({ value: a, label: a === "read" ? t("accessRead") : t("accessReadWrite") }))}
            />
          </div>
          <div className="space-y-1.5">
            <Label htmlFor="api-key-scope">{t("scope")}</Label>
            <Select
              id="api-key-scope"
              aria-label={t("scope")}
              value={scope}
              onValueChange={(v) => setScope(v as ApiKeyScope)}
              options={API_KEY_SCOPES.map((s) => ({ value: s, label: s === "workspace" ? t("scopeWorkspace") : t("scopeApplication") }))}
            />
          </div>
          <div className="space-y-1.5">
            <Label htmlFor="api-key-expiry">{t("expiry")}</Label>
            <Select
              id="api-key-expiry"
              aria-label={t("expiry")}
              value={expiry}
              onValueChange={(v) => setExpiry(v as Expiry)}
              options={EXPIRY_DAYS.map((d) => ({ value: d, label: d === "never" ? t("expiryNever") : t("expiryDays", { days: Number(d) }) }))}
            />
          </div>
          <div className="flex items-end">
            <Button type="submit" loading={creating} className="h-11 w-full sm:h-9 sm:w-auto">
              <KeyRound className="h-4 w-4" aria-hidden /> {t("create")}
            </Button>
          </div>
        </form>
        <FieldError id="api-key-error" message={error ?? undefined} />
        {created && (
          <div className="mt-3 rounded-md border border-emerald-200 bg-emerald-50 p-3 text-sm" role="status">
            <p className="font-medium text-emerald-900">{t("secretHeading", { name: created.name })}</p>
            <div className="mt-2 flex flex-wrap items-center gap-2">
              <code data-testid="api-key-secret" aria-label={t("secretLabel", { name: created.name })} className="min-w-0 flex-1 rounded bg-white px-2 py-1 text-xs break-all">
                {created.secret}
              </code>
              <Button size="sm" variant="secondary" className="h-11 sm:h-8" onClick={() => copy(created.secret)}>
                <Copy className="h-3.5 w-3.5" aria-hidden /> {t("copy")}
              </Button>
            </div>
            <p className="mt-2 text-xs text-emerald-900">{t("secretHint")}</p>
            <Button size="sm" variant="ghost" className="mt-2 h-11 sm:h-8" onClick={() => setCreated(null)}>
              {t("done")}
            </Button>
          </div>
        )}
      </section>

      <section aria-labelledby="api-key-list-heading" className="rounded-lg border border-slate-200 bg-surface p-4">
        <h2 id="api-key-list-heading" className="text-sm font-semibold">
          {t("listHeading")}
        </h2>
        {keys.length === 0 ? (
          <p className="mt-2 text-sm text-muted">{t("empty")}</p>
        ) : (
          <ul className="mt-2 divide-y divide-slate-100">
            {keys.map((key) => {
              const expired = key.expires_at !== null && now !== null && new Date(key.expires_at).getTime() <= now;
              return (
                <li key={key.id} className="flex flex-col gap-2 py-3 sm:flex-row sm:items-start sm:justify-between">
                  <div className="min-w-0 space-y-1">
                    <p className="font-medium break-words">{key.name}</p>
                    <p className="text-xs text-muted">
                      <code className="rounded bg-slate-100 px-1 py-0.5 text-slate-700">{key.prefix}…</code>{" "}
                      · {key.access === "read" ? t("accessRead") : t("accessReadWrite")} ·{" "}
                      {key.scope === "workspace" ? t("scopeWorkspace") : t("scopeApplication")}
                    </p>
                    <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-xs text-muted">
                      <dt>{t("colCreated")}</dt>
                      <dd>
                        {dates.format(new Date(key.created_at))}
                        {key.created_by_name ? ` (${t("createdBy", { name: key.created_by_name })})` : ""}
                      </dd>
                      <dt>{t("colLastUsed")}</dt>
                      <dd>{key.last_used_at ? dateTimes.format(new Date(key.last_used_at)) : t("neverUsed")}</dd>
                      <dt>{t("colExpires")}</dt>
                      <dd className={expired ? "font-medium text-red-700" : undefined}>
                        {key.expires_at ? (expired ? t("expired") : dates.format(new Date(key.expires_at))) : t("noExpiry")}
                      </dd>
                    </dl>
                  </div>
                  <Button
                    size="sm"
                    variant="ghost"
                    className="h-11 self-start text-red-700 sm:h-8"
                    aria-label={t("revokeLabel", { name: key.name })}
                    onClick={() => setRevoking(key)}
                  >
                    <Trash2 className="h-3.5 w-3.5" aria-hidden /> {t("revoke")}
                  </Button>
                </li>
              );
            })}
          </ul>
        )}
        <p className="mt-3 text-xs text-muted">
          <Link href="/api-docs" className="text-accent underline underline-offset-2">
            {t("docsHint")}
          </Link>
        </p>
      </section>

      <AlertDialog open={revoking !== null} onOpenChange={(open) => !open && setRevoking(null)}>
        {revoking && (
          <AlertDialogContent title={t("revokeTitle", { name: revoking.name })} description={t("revokeBody")}>
            <AlertDialogCancel asChild>
              <Button variant="secondary">{t("cancel")}</Button>
            </AlertDialogCancel>
            <AlertDialogAction asChild>
              <Button
                variant="danger"
                loading={revokePending}
                onClick={(event) => {
                  event.preventDefault();
                  void revoke(revoking);
                }}
              >
                {t("revokeConfirm")}
              </Button>
            </AlertDialogAction>
          </AlertDialogContent>
        )}
      </AlertDialog>
    </>
  );
}
