"use client";

import { useQuery } from "@tanstack/react-query";
import { Building2, Handshake, Loader2, Search, User } from "lucide-react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useEffect, useId, useMemo, useState } from "react";
import { Dialog, DialogContent } from "@/components/ui/dialog";
import { useDebounced } from "@/components/ui/use-debounced";
import { quickSearchQuery } from "@/lib/queries/search";
import type { QuickSearchResponse } from "@/lib/search/schema";
import { cn } from "@/lib/utils";

type Kind = "deals" | "companies" | "contacts";

interface Hit {
  kind: Kind;
  id: string;
  href: string;
  label: string;
  hint: string | null;
}

const ICONS = { deals: Handshake, companies: Building2, contacts: User } as const;

/** The results as the list shows them: deals, then companies, then contacts, each a record page. */
export function searchHits(data: QuickSearchResponse): Array<{ kind: Kind; hits: Hit[] }> {
  const groups: Array<{ kind: Kind; hits: Hit[] }> = [
    {
      kind: "deals",
      hits: data.deals.map((d) => ({
        kind: "deals",
        id: d.id,
        href: `/deals/${d.id}`,
        label: d.name,
        hint: [d.deal_number, d.company_name, d.contact_name].filter(Boolean).join(" · "),
      })),
    },
    { kind: "companies", hits: data.companies.map((c) => ({ kind: "companies", id: c.id, href: `/companies/${c.id}`, label: c.name, hint: c.domain })) },
    {
      kind: "contacts",
      hits: data.contacts.map((c) => ({
        kind: "contacts",
        id: c.id,
        href: `/contacts/${c.id}`,
        label: c.name,
        hint: [c.company_name, c.email].filter(Boolean).join(" · ") || null,
      })),
    },
  ];
  return groups.filter((g) => g.hits.length > 0);
}

/**
 * The quick search dialog (⌘K / Ctrl+K, or the header's search button): one box that finds
 * deals, companies and contacts and opens the one picked. The ARIA combobox pattern: the box
 * (role combobox) keeps the focus and drives a listbox of grouped options through
 * `aria-activedescendant`; ↑/↓ move (wrapping), Enter opens, Escape closes and the focus goes
 * back to where it was (the dialog's focus scope restores it).
 */
export default function QuickSearchDialog({
  open,
  onOpenChange,
  returnFocus,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** The element to focus again on closing (still on the page); else the browser's default. */
  returnFocus: React.RefObject<HTMLElement | null>;
}) {
  const t = useTranslations("search");
  const router = useRouter();
  const [text, setText] = useState("");
  const q = useDebounced(text.trim(), 150);
  const search = useQuery({ ...quickSearchQuery(q), enabled: open && q.length > 0 });
  const data = q.length > 0 ? search.data : undefined;
  const groups = useMemo(() => (data ? searchHits(data) : []), [data]);
  const hits = useMemo(() => groups.flatMap((g) => g.hits), [groups]);
  // The active option belongs to the results it was chosen in: a new answer starts at its first.
  const [cursor, setCursor] = useState<{ of: Hit[]; at: number }>({ of: hits, at: 0 });
  const active = cursor.of === hits ? cursor.at : 0;
  const setActive = (at: number) => setCursor({ of: hits, at });
  const baseId = useId();
  const listId = `${baseId}-list`;
  const optionId = (i: number) => `${baseId}-option-${i}`;

  useEffect(() => {
    if (hits.length) document.getElementById(optionId(active))?.scrollIntoView({ block: "nearest" });
    // optionId depends on baseId only.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [active, hits.length]);

  function close(next: boolean) {
    if (!next) setText("");
    onOpenChange(next);
  }

  function openHit(hit: Hit | undefined) {
    if (!hit) return;
    close(false);
    router.push(hit.href);
  }

  function onKeyDown(event: React.KeyboardEvent<HTMLInputElement>) {
    if (!hits.length) return;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      setActive((active + (event.key === "ArrowDown" ? 1 : hits.length - 1)) % hits.length);
    } else if (event.key === "Enter" && !event.nativeEvent.isComposing) {
      event.preventDefault();
      // Results for an older text would open something the rep did not ask for.
      if (text.trim() === q && !search.isPlaceholderData) openHit(hits[active]);
    }
  }

  const waiting = q.length > 0 && (search.isFetching || text.trim() !== q);
  const failed = q.length > 0 && search.isError && !waiting;
  const expanded = hits.length > 0;
  // Each group's first option's position in `hits`.
  const starts = groups.map((_, g) => groups.slice(0, g).reduce((n, x) => n + x.hits.length, 0));

  return (
    <Dialog open={open} onOpenChange={close}>
      <DialogContent
        title={t("title")}
        description={t("description")}
        className="flex h-[92dvh] flex-col sm:h-auto sm:max-h-[min(36rem,85dvh)] sm:max-w-xl"
        onOpenAutoFocus={(event) => {
          event.preventDefault();
          document.getElementById(`${baseId}-input`)?.focus();
        }}
        onCloseAutoFocus={(event) => {
          const target = returnFocus.current;
          if (target?.isConnected) {
            event.preventDefault();
            target.focus();
          }
        }}
      >
        <div className="relative">
          <Search className="pointer-events-none absolute top-1/2 left-3 h-4 w-4 -translate-y-1/2 text-slate-400" aria-hidden />
          <input
            id={`${baseId}-input`}
            type="text"
            role="combobox"
            aria-label={t("inputLabel")}
            aria-expanded={expanded}
            aria-controls={listId}
            aria-autocomplete="list"
            aria-activedescendant={expanded ? optionId(active) : undefined}
            autoComplete="off"
            spellCheck={false}
            enterKeyHint="go"
            maxLength={200}
            placeholder={t("placeholder")}
            value={text}
            onChange={(e) => setText(e.target.value)}
            onKeyDown={onKeyDown}
            className="h-11 w-full rounded-md border border-slate-300 bg-surface pr-9 pl-9 text-base focus:border-accent focus:ring-2 focus:ring-accent/30 focus:outline-none sm:h-10 sm:text-sm"
          />
          {waiting && <Loader2 className="absolute top-1/2 right-3 h-4 w-4 -translate-y-1/2 animate-spin text-slate-400" aria-hidden />}
        </div>

        <div className="mt-3 min-h-0 flex-1 overflow-y-auto overscroll-contain">
          <p className="sr-only" role="status" aria-live="polite">
            {q.length === 0 ? "" : waiting ? t("searching") : failed ? t("failed") : t("results", { count: hits.length })}
          </p>
          {q.length === 0 && text.trim().length === 0 && <p className="px-1 py-6 text-center text-sm text-muted">{t("hint")}</p>}
          {failed && (
            <p className="px-1 py-6 text-center text-sm text-red-700" aria-hidden>
              {t("failed")}
            </p>
          )}
          {!failed && !waiting && q.length > 0 && data && hits.length === 0 && (
            <p className="px-1 py-6 text-center text-sm text-muted" aria-hidden>
              {t("empty", { query: q })}
            </p>
          )}
          <div id={listId} role="listbox" aria-label={t("inputLabel")} className={cn(!expanded && "hidden")}>
            {groups.map((group, g) => {
              const Icon = ICONS[group.kind];
              const headingId = `${baseId}-${group.kind}`;
              return (
                <div key={group.kind} role="group" aria-labelledby={headingId} className="mb-2">
                  <div id={headingId} role="presentation" className="px-2 pt-2 pb-1 text-xs font-semibold tracking-wide text-slate-500 uppercase">
                    {t(`groups.${group.kind}`)}
                  </div>
                  {group.hits.map((hit, h) => {
                    const i = starts[g]! + h;
                    const selected = i === active;
                    return (
                      <div
                        key={hit.id}
                        id={optionId(i)}
                        role="option"
                        aria-selected={selected}
                        onPointerMove={() => setActive(i)}
                        onMouseDown={(e) => e.preventDefault()}
                        onClick={() => openHit(hit)}
                        className={cn(
                          "flex min-h-11 cursor-pointer items-center gap-3 rounded-md px-2 py-1.5 sm:min-h-9",
                          selected ? "bg-accent-soft text-accent" : "text-slate-800",
                        )}
                      >
                        <Icon className={cn("h-4 w-4 shrink-0", selected ? "text-accent" : "text-slate-400")} aria-hidden />
                        <span className="min-w-0 flex-1">
                          <span className="block truncate text-sm font-medium">{hit.label}</span>
                          {hit.hint && <span className="block truncate text-xs text-muted">{hit.hint}</span>}
                        </span>
                      </div>
                    );
                  })}
                </div>
              );
            })}
          </div>
        </div>
        <p className="mt-2 hidden border-t border-slate-200 pt-2 text-xs text-muted sm:block" aria-hidden>
          {t("keys")}
        </p>
      </DialogContent>
    </Dialog>
  );
}
