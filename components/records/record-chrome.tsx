"use client";

import { ChevronLeft, Link2, MoreHorizontal, RotateCcw, Trash2 } from "lucide-react";
import { useTranslations } from "next-intl";
import Link from "next/link";
import type { ReactNode } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuSeparator, DropdownMenuTrigger } from "@/components/ui/dropdown-menu";
import { useLocale } from "@/components/ui/use-locale";
import { formatDate } from "@/lib/format";

/** What every record page has around its content: the way back to its list, and where it is. */
export function RecordBreadcrumb({ href, list, current }: { href: string; list: string; current: string }) {
  const t = useTranslations("records.record");
  return (
    <nav aria-label={t("breadcrumb")} className="mb-3 flex min-w-0 items-center gap-1 text-xs text-muted">
      <Link href={href} className="inline-flex shrink-0 items-center gap-0.5 rounded hover:text-slate-900">
        <ChevronLeft className="h-3.5 w-3.5" aria-hidden /> {list}
      </Link>
      <span aria-hidden>/</span>
      <span className="truncate" aria-current="page">
        {current}
      </span>
    </nav>
  );
}

/** A record in the trash: said at the top, with Restore for those who may. */
export function RecordTrashBanner({ title, deletedAt, canRestore, restoring, onRestore }: { title: string; deletedAt: string | null; canRestore: boolean; restoring: boolean; onRestore: () => void }) {
  const t = useTranslations("records.record");
  const locale = useLocale();
  return (
    <div role="status" className="mb-4 flex flex-wrap items-center gap-3 rounded-lg border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800">
      <Trash2 className="h-4 w-4 shrink-0" aria-hidden />
      <p className="flex-1">
        <span className="font-medium">{title}</span> {deletedAt ? `${t("deletedOn", { date: formatDate(deletedAt, locale) })} ` : ""}
        {t("trashBody")}
      </p>
      <Button size="sm" variant="secondary" className="h-10 sm:h-7" onClick={onRestore} loading={restoring} disabled={!canRestore} title={canRestore ? undefined : t("restoreDenied")}>
        <RotateCcw className="h-3.5 w-3.5" aria-hidden /> {t("restore")}
      </Button>
    </div>
  );
}

/** The record's "…" menu: copy its link, delete or restore it. */
export function RecordActionsMenu({ deleted, canDelete, onDelete, onRestore }: { deleted: boolean; canDelete: boolean; onDelete: () => void; onRestore: () => void }) {
  const t = useTranslations("records.record");
  function copyLink() {
    void navigator.clipboard?.writeText(window.location.href).then(
      () => toast.success(t("linkCopied")),
      () => toast.error(t("linkCopyFailed")),
    );
  }
  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        <Button variant="ghost" size="icon" className="h-10 w-10" aria-label={t("moreActions")}>
          <MoreHorizontal className="h-4 w-4" aria-hidden />
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent>
        <DropdownMenuItem onSelect={copyLink}>
          <Link2 className="h-4 w-4" aria-hidden /> {t("copyLink")}
        </DropdownMenuItem>
        <DropdownMenuSeparator />
        {deleted ? (
          <DropdownMenuItem onSelect={onRestore} disabled={!canDelete}>
            <RotateCcw className="h-4 w-4" aria-hidden /> {t("restore")}
          </DropdownMenuItem>
        ) : (
          <DropdownMenuItem onSelect={onDelete} disabled={!canDelete} className="text-red-600 data-[highlighted]:bg-red-50">
            <Trash2 className="h-4 w-4" aria-hidden /> {canDelete ? t("delete") : t("deleteDenied")}
          </DropdownMenuItem>
        )}
      </DropdownMenuContent>
    </DropdownMenu>
  );
}

/** A titled card of the record page. */
export function RecordSection({ id, title, aside, children }: { id: string; title: string; aside?: React.ReactNode; children: React.ReactNode }) {
  return (
    <section aria-labelledby={id} className="rounded-lg border border-slate-200 bg-surface">
      <div className="flex items-center justify-between gap-2 border-b border-slate-200 px-4 py-2.5">
        <h2 id={id} className="text-sm font-semibold text-slate-900">
          {title}
        </h2>
        {aside}
      </div>
      <div className="px-4 py-3">{children}</div>
    </section>
  );
}

/**
 * The record's header card: its name, a line of what identifies it (`details`), anything the
 * page adds below (`children`), and the "…" menu.
 */
export function RecordHeader({
  title,
  details,
  children,
  ...menu
}: {
  title: string;
  details: ReactNode;
  children?: ReactNode;
  deleted: boolean;
  canDelete: boolean;
  onDelete: () => void;
  onRestore: () => void;
}) {
  return (
    <header className="rounded-lg border border-slate-200 bg-surface p-4 sm:p-5">
      <div className="flex flex-wrap items-start gap-x-4 gap-y-3">
        <div className="min-w-0 flex-1">
          <h1 className="text-xl leading-snug font-semibold break-words text-slate-900">{title}</h1>
          <p className="mt-1 flex flex-wrap items-center gap-x-3 gap-y-1 text-sm text-slate-600">{details}</p>
          {children}
        </div>
        <RecordActionsMenu {...menu} />
      </div>
    </header>
  );
}
