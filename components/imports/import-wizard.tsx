"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { AlertTriangle, CheckCircle2, Download, FileUp, RotateCcw, Undo2 } from "lucide-react";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { toast } from "sonner";
import { AlertDialog, AlertDialogAction, AlertDialogCancel, AlertDialogContent } from "@/components/ui/alert-dialog";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/select";
import { useLocale } from "@/components/ui/use-locale";
import { ApiError, apiFetch } from "@/lib/api-client";
import { formatDate } from "@/lib/format";
import { IMPORT_ENTITIES, IMPORT_FIELDS, type ImportEntity, type ImportMapping } from "@/lib/imports/fields";
import type { ImportPreview, ImportView } from "@/lib/imports/schema";
import { cn } from "@/lib/utils";

type Draft = { import: ImportView; preview: ImportPreview };

const SKIP = "__skip__";
const importKey = (id: string) => ["imports", id] as const;

/** Reads a problem+json answer into an ApiError (the upload is a raw body, not apiFetch's JSON). */
async function uploadCsv(entity: ImportEntity, file: File): Promise<Draft> {
  const res = await fetch(`/api/v1/imports?${new URLSearchParams({ entity, file_name: file.name })}`, {
    method: "POST",
    headers: { "content-type": "text/csv", accept: "application/json" },
    body: file,
    credentials: "same-origin",
  });
  const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (!res.ok) throw new ApiError(res.status, String(body.code ?? res.status), String(body.detail ?? res.statusText));
  return body as unknown as Draft;
}

/**
 * The CSV import, in three steps on one page: choose what the rows are and a file (uploaded as
 * a draft: decoded, auto-mapped, previewed), match the columns to fields with the first rows
 * checked by the server as they would be imported, then import in the background with progress,
 * the failed rows and Undo. The import's id is kept in the URL, so a reload comes back to it.
 */
export function ImportWizard() {
  const t = useTranslations("imports");
  const searchParams = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const importId = searchParams.get("id");
  const [entity, setEntity] = useState<ImportEntity>("deals");
  const [draft, setDraft] = useState<Draft | null>(null);
  const client = useQueryClient();

  const upload = useMutation({
    mutationFn: (file: File) => uploadCsv(entity, file),
    onSuccess: (result) => setDraft(result),
  });
  const remap = useMutation({
    mutationFn: (options: { mapping?: ImportMapping; create_missing?: boolean }) =>
      apiFetch<Draft>(`/api/v1/imports/${draft!.import.id}`, { method: "PATCH", body: options }),
    onSuccess: (result) => setDraft(result),
    onError: (error: Error) => toast.error(t("file.failed"), { description: error.message }),
  });
  const start = useMutation({
    mutationFn: () => apiFetch<{ import: ImportView }>(`/api/v1/imports/${draft!.import.id}/start`, { method: "POST", body: {} }),
    onSuccess: ({ import: started }) => {
      client.setQueryData(importKey(started.id), started);
      setDraft(null);
      router.replace(`${pathname}?id=${started.id}`);
    },
    onError: (error: Error) => toast.error(t("file.failed"), { description: error.message }),
  });

  if (importId) return <ImportProgress id={importId} onStartOver={() => router.replace(pathname)} />;

  return (
    <div className="space-y-6">
      <section aria-labelledby="import-upload" className="space-y-3 rounded-lg border border-slate-200 bg-surface p-4">
        <h2 id="import-upload" className="text-sm font-semibold">{t("steps.upload")}</h2>
        <fieldset className="flex flex-wrap gap-2" disabled={upload.isPending}>
          <legend className="mb-1 text-xs text-muted">{t("entity.label")}</legend>
          {IMPORT_ENTITIES.map((e) => (
            <label
              key={e}
              className={cn(
                "flex h-10 cursor-pointer items-center gap-2 rounded-md border px-3 text-sm has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-accent",
                entity === e ? "border-accent bg-accent-soft text-accent" : "border-slate-300 hover:bg-slate-50",
              )}
            >
              <input type="radio" name="import-entity" value={e} checked={entity === e} onChange={() => { setEntity(e); setDraft(null); upload.reset(); }} className="accent-[var(--accent)]" />
              {t(`entity.${e}`)}
            </label>
          ))}
        </fieldset>
        <div>
          <label htmlFor="import-file" className="block text-sm font-medium">{t("file.label")}</label>
          <p id="import-file-hint" className="text-xs text-muted">{t("file.hint")}</p>
          <input
            id="import-file"
            type="file"
            accept=".csv,text/csv"
            aria-describedby="import-file-hint"
            disabled={upload.isPending}
            className="mt-2 block w-full max-w-md text-sm file:mr-3 file:h-10 file:rounded-md file:border file:border-slate-300 file:bg-surface file:px-3 file:text-sm file:font-medium hover:file:bg-slate-50"
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (file) upload.mutate(file);
            }}
          />
        </div>
        {upload.isPending ? (
          <p role="status" className="flex items-center gap-2 text-sm text-muted">
            <span className="h-3.5 w-3.5 animate-spin rounded-full border-2 border-current border-t-transparent" aria-hidden />
            {t("file.uploading")}
          </p>
        ) : null}
        {upload.isError ? (
          <p role="alert" className="flex items-start gap-2 rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800">
            <AlertTriangle className="mt-0.5 h-4 w-4 shrink-0" aria-hidden />
            <span>
              <span className="font-medium">{t("file.failed")}: </span>
              {upload.error.message}
            </span>
          </p>
        ) : null}
      </section>

      {draft ? (
        <DraftMapping
          draft={draft}
          busy={remap.isPending}
          starting={start.isPending}
          onMapping={(mapping) => remap.mutate({ mapping })}
          onCreateMissing={(create_missing) => remap.mutate({ create_missing })}
          onStart={() => start.mutate()}
        />
      ) : null}
    </div>
  );
}

function DraftMapping({
  draft,
  busy,
  starting,
  onMapping,
  onCreateMissing,
  onStart,
}: {
  draft: Draft;
  busy: boolean;
  starting: boolean;
  onMapping: (mapping: ImportMapping) => void;
  onCreateMissing: (value: boolean) => void;
  onStart: () => void;
}) {
  const t = useTranslations("imports");
  const { import: imp, preview } = draft;
  const fields = IMPORT_FIELDS[imp.entity];
  const mapped = imp.mapping.map((key, i) => ({ key, i })).filter((m): m is { key: string; i: number } => m.key !== null);
  const fieldLabel = (key: string) => t(`fields.${key}` as "fields.name");
  const problems = preview.rows.filter((r) => r.errors.length > 0).length;

  return (
    <>
      <section aria-labelledby="import-map" className="space-y-3 rounded-lg border border-slate-200 bg-surface p-4">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="import-map" className="text-sm font-semibold">{t("steps.map")}</h2>
          <p className="text-xs text-muted">
            {imp.file_name ? <span className="font-medium text-slate-700">{imp.file_name}</span> : null} · {t("rows", { count: imp.total_rows })}
          </p>
        </div>
        <p role="status" data-testid="import-encoding" className={cn("rounded-md px-3 py-2 text-sm", imp.encoding === "shift_jis" ? "bg-amber-50 text-amber-900" : "bg-slate-50 text-slate-700")}>
          {t(`encoding.${imp.encoding}`)}
        </p>
        <fieldset>
          <legend className="mb-2 text-xs text-muted">{t("mapping.legend")}</legend>
          <div className="grid gap-2 sm:grid-cols-2 lg:grid-cols-3">
            {imp.headers.map((header, i) => (
              <div key={`${i}-${header}`} className="flex min-w-0 flex-col gap-1 rounded-md border border-slate-200 p-2">
                <span className="truncate text-xs font-medium text-slate-700" title={header}>{header || "—"}</span>
                <Select
                  aria-label={t("mapping.column", { header })}
                  value={imp.mapping[i] ?? SKIP}
                  disabled={busy}
                  onValueChange={(value) => {
                    const next = imp.mapping.map((k) => (k === value ? null : k));
                    next[i] = value === SKIP ? null : value;
                    onMapping(next);
                  }}
                  options={[{ value: SKIP, label: t("mapping.skip") }, ...fields.map((f) => ({ value: f.key, label: fieldLabel(f.key) }))]}
                />
              </div>
            ))}
          </div>
        </fieldset>
        {imp.entity !== "companies" ? (
          <label className="flex items-start gap-2 text-sm">
            <input type="checkbox" className="mt-0.5 h-4 w-4 accent-[var(--accent)]" checked={imp.create_missing} disabled={busy} onChange={(e) => onCreateMissing(e.target.checked)} />
            {t("mapping.createMissing")}
          </label>
        ) : null}
        {preview.missing_fields.length ? (
          <p role="alert" className="text-sm font-medium text-red-700">{t("mapping.missing", { fields: preview.missing_fields.map(fieldLabel).join(", ") })}</p>
        ) : null}
      </section>

      <section aria-labelledby="import-preview" className="space-y-3 rounded-lg border border-slate-200 bg-surface p-4">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="import-preview" className="text-sm font-semibold">{t("preview.title")}</h2>
          {busy ? <p role="status" className="text-xs text-muted">{t("preview.refreshing")}</p> : null}
        </div>
        {/* Focusable, so the rows can be scrolled sideways from the keyboard on a narrow screen. */}
        <div className={cn("overflow-x-auto", busy && "opacity-60")} tabIndex={0} role="region" aria-label={t("preview.title")}>
          <table className="w-full border-collapse text-sm">
            <thead className="bg-slate-50 text-xs text-slate-500">
              <tr className="border-b border-slate-200">
                <th scope="col" className="px-2 py-1.5 text-left font-medium">{t("preview.line")}</th>
                {mapped.map((m) => (
                  <th key={m.i} scope="col" className="px-2 py-1.5 text-left font-medium whitespace-nowrap">{fieldLabel(m.key)}</th>
                ))}
                <th scope="col" className="px-2 py-1.5 text-left font-medium">{t("preview.status")}</th>
              </tr>
            </thead>
            <tbody>
              {preview.rows.map((row) => (
                <tr key={row.line} className={cn("border-b border-slate-100 align-top", row.errors.length && "bg-red-50/60")}>
                  <td className="px-2 py-1.5 text-xs text-slate-500 tabular">{row.line}</td>
                  {mapped.map((m) => (
                    <td key={m.i} className="max-w-56 min-w-24 px-2 py-1.5 break-words whitespace-pre-line">{row.values[m.key] ?? ""}</td>
                  ))}
                  <td className="min-w-40 px-2 py-1.5">
                    {row.errors.length ? (
                      <ul className="space-y-0.5 text-xs text-red-700">
                        {row.errors.map((e, k) => (
                          <li key={k}>
                            <span className="font-medium">{fieldLabel(e.field)}:</span> {e.message}
                          </li>
                        ))}
                      </ul>
                    ) : (
                      <span className="inline-flex items-center gap-1 text-xs text-green-700">
                        <CheckCircle2 className="h-3.5 w-3.5" aria-hidden /> {t("preview.ok")}
                      </span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {problems ? <p className="text-xs text-red-700">{t("preview.problems", { count: problems })}</p> : null}
      </section>

      <div className="flex justify-end">
        <Button size="lg" className="w-full sm:w-auto" onClick={onStart} loading={starting} disabled={busy || preview.missing_fields.length > 0}>
          <FileUp className="h-4 w-4" aria-hidden /> {starting ? t("starting") : t("start", { count: imp.total_rows })}
        </Button>
      </div>
    </>
  );
}

const ERRORS_SHOWN = 50;

function ImportProgress({ id, onStartOver }: { id: string; onStartOver: () => void }) {
  const t = useTranslations("imports");
  const locale = useLocale();
  const client = useQueryClient();
  const [confirmUndo, setConfirmUndo] = useState(false);
  const query = useQuery({
    queryKey: importKey(id),
    queryFn: ({ signal }) => apiFetch<{ import: ImportView }>(`/api/v1/imports/${encodeURIComponent(id)}`, { signal }).then((r) => r.import),
    // Polled while it runs; settled imports change only by Undo.
    refetchInterval: (q) => (q.state.data && (q.state.data.status === "queued" || q.state.data.status === "running") ? 700 : false),
    retry: false,
  });
  const undo = useMutation({
    mutationFn: () => apiFetch<{ import: ImportView }>(`/api/v1/imports/${encodeURIComponent(id)}/undo`, { method: "POST" }),
    onSuccess: ({ import: undone }) => {
      client.setQueryData(importKey(id), undone);
      toast.success(t("undo.done"));
    },
    onError: (error: Error) => toast.error(t("undo.failed"), { description: error.message }),
  });

  if (query.isPending) {
    return (
      <div className="space-y-3 rounded-lg border border-slate-200 bg-surface p-4" aria-busy="true" aria-label={t("progress.label")}>
        <div className="h-4 w-48 animate-pulse rounded bg-slate-100" />
        <div className="h-2 w-full animate-pulse rounded bg-slate-100" />
      </div>
    );
  }
  if (query.isError) {
    return (
      <div role="alert" className="space-y-3 rounded-lg border border-red-200 bg-red-50 p-4 text-sm text-red-800">
        <p className="font-medium">{t("loadError")}</p>
        <p>{query.error.message}</p>
        <Button variant="secondary" onClick={onStartOver}>{t("startOver")}</Button>
      </div>
    );
  }

  const imp = query.data;
  const running = imp.status === "queued" || imp.status === "running";
  const percent = imp.total_rows ? Math.round((imp.processed_rows / imp.total_rows) * 100) : 0;
  const message =
    imp.status === "queued"
      ? t("progress.queued")
      : imp.status === "running"
        ? t("progress.running", { done: imp.processed_rows, total: imp.total_rows })
        : imp.status === "completed"
          ? t("progress.completed", { created: imp.created_rows, failed: imp.failed_rows })
          : imp.status === "undone"
            ? t("progress.undone")
            : t("progress.failed");
  const shownErrors = imp.errors.slice(0, ERRORS_SHOWN);

  return (
    <div className="space-y-4">
      <section aria-labelledby="import-run" className="space-y-3 rounded-lg border border-slate-200 bg-surface p-4">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="import-run" className="text-sm font-semibold">{t("steps.run")}</h2>
          <p className="text-xs text-muted">
            {imp.file_name ? <span className="font-medium text-slate-700">{imp.file_name}</span> : null} · {t(`entity.${imp.entity}`)} · {t("rows", { count: imp.total_rows })}
          </p>
        </div>
        <div className="h-2 w-full overflow-hidden rounded-full bg-slate-100" role="progressbar" aria-label={t("progress.label")} aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent}>
          <div className={cn("h-full rounded-full transition-all", imp.status === "failed" ? "bg-red-500" : imp.status === "undone" ? "bg-slate-400" : "bg-accent")} style={{ width: `${percent}%` }} />
        </div>
        <p role="status" className={cn("text-sm", imp.status === "failed" ? "text-red-700" : "text-slate-800")}>{message}</p>
        <div className="flex flex-wrap gap-2">
          {imp.status === "completed" || imp.status === "undone" ? (
            <Button asChild variant="secondary" className="h-10 sm:h-9">
              <Link href={`/${imp.entity}`}>{t(`goTo.${imp.entity}`)}</Link>
            </Button>
          ) : null}
          {imp.status === "completed" && imp.undoable_until ? (
            <>
              <Button variant="ghost" className="h-10 sm:h-9" loading={undo.isPending} onClick={() => setConfirmUndo(true)}>
                <Undo2 className="h-3.5 w-3.5" aria-hidden /> {t("undo.button")}
              </Button>
              <AlertDialog open={confirmUndo} onOpenChange={setConfirmUndo}>
                <AlertDialogContent title={t("undo.confirmTitle")} description={t("undo.confirmBody", { count: imp.created_rows })}>
                  <AlertDialogCancel asChild>
                    <Button variant="secondary">{t("undo.cancel")}</Button>
                  </AlertDialogCancel>
                  <AlertDialogAction asChild>
                    <Button variant="danger" onClick={() => undo.mutate()}>{t("undo.confirm")}</Button>
                  </AlertDialogAction>
                </AlertDialogContent>
              </AlertDialog>
            </>
          ) : null}
          {!running ? (
            <Button variant="ghost" className="h-10 sm:h-9" onClick={onStartOver}>
              <RotateCcw className="h-3.5 w-3.5" aria-hidden /> {t("startOver")}
            </Button>
          ) : null}
        </div>
        {imp.status === "completed" && imp.undoable_until ? <p className="text-xs text-muted">{t("undo.until", { date: formatDate(imp.undoable_until, locale) })}</p> : null}
      </section>

      {imp.errors.length ? (
        <section aria-labelledby="import-errors" className="space-y-3 rounded-lg border border-red-200 bg-surface p-4">
          <div className="flex flex-wrap items-baseline justify-between gap-2">
            <h2 id="import-errors" className="text-sm font-semibold text-red-800">{t("errors.title")}</h2>
            <a href={`/api/v1/imports/${encodeURIComponent(imp.id)}/errors`} download className="inline-flex h-10 items-center gap-1.5 text-sm font-medium text-accent hover:underline sm:h-auto">
              <Download className="h-3.5 w-3.5" aria-hidden /> {t("errors.download")}
            </a>
          </div>
          <ul className="divide-y divide-slate-100 text-sm">
            {shownErrors.map((e, i) => (
              <li key={i} className="flex flex-col gap-0.5 py-1.5 sm:flex-row sm:gap-3">
                <span className="w-20 shrink-0 text-xs font-medium text-slate-500 tabular">{t("errors.line", { line: e.line })}</span>
                <span>
                  <span className="font-medium">{t(`fields.${e.field}` as "fields.name")}:</span> {e.message}
                </span>
              </li>
            ))}
          </ul>
          {imp.errors.length > ERRORS_SHOWN ? <p className="text-xs text-muted">{t("errors.more", { count: imp.errors.length - ERRORS_SHOWN })}</p> : null}
        </section>
      ) : null}
    </div>
  );
}
