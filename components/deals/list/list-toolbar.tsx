"use client";

import { ChevronDown, Plus, Trash2, X } from "lucide-react";
import { useTranslations } from "next-intl";
import { ExportButton } from "@/components/imports/export-button";
import { Button } from "@/components/ui/button";
import { ListSearchBox } from "@/components/ui/list-search-box";
import { Popover, PopoverContent, PopoverTrigger } from "@/components/ui/popover";
import { Select } from "@/components/ui/select";
import { CURRENCY_CHOICES } from "@/lib/deals/currency";
import type { Stage } from "@/lib/deals/stages";
import { pipelineStageName } from "@/lib/i18n/domain";
import { usePipelines } from "@/lib/queries/use-pipelines";
import { usePipelineName } from "@/components/ui/use-domain";
import type { DealsListState } from "@/lib/deals/list-state";
import type { Member } from "@/lib/queries/members";
import { cn } from "@/lib/utils";
import { stageDot } from "./stage-badge";

const DEALS_API = "/api/v1/crm/deals";
const EXPORT_NAME = "deals.csv";

/** The "every pipeline" choice of the pipeline filter (Radix Select has no empty value). */
const ALL = "all";

/** Where a stage sorts among several pipelines' stages: its earliest place in any of them (Won and Lost last). */
function stageOrder(pipelines: readonly { stages: readonly { id: string; position: number; kind: string }[] }[], id: string): number {
  let best = Number.POSITIVE_INFINITY;
  for (const p of pipelines) {
    const stage = p.stages.find((s) => s.id === id);
    if (stage) best = Math.min(best, stage.kind === "open" ? stage.position : 1000 + stage.position);
  }
  return best;
}

/** Search, pipeline, stage, owner and currency filters, the trash switch and "New deal". */
export function ListToolbar({
  state,
  members,
  companyName,
  contactLabel,
  currency,
  onCurrency,
  onChange,
  onNewDeal,
  apiQuery,
  selectedCount,
  onExportSelected,
}: {
  state: DealsListState;
  members: Member[];
  companyName: string | null;
  contactLabel: string | null;
  /** The currency the list shows ("" for all); sorting by amount always has one. */
  currency: string;
  onCurrency: (currency: string) => void;
  onChange: (patch: Partial<DealsListState>) => void;
  onNewDeal: () => void;
  /** The list's API query: Export downloads every deal it matches. */
  apiQuery: Record<string, string>;
  /** Rows ticked in the table: Export then writes those. */
  selectedCount: number;
  onExportSelected: () => void;
}) {
  const t = useTranslations("deals.toolbar");
  const tDomain = useTranslations("domain");
  const pipelineName = usePipelineName();
  const pipelines = usePipelines().data ?? [];
  // The stages to filter by: the chosen pipeline's, or every pipeline's (each id once, named as its first pipeline names it).
  const shownPipelines = state.pipeline ? pipelines.filter((p) => p.id === state.pipeline) : pipelines;
  const stageNames = new Map<string, string>();
  for (const p of shownPipelines) for (const s of p.stages) if (!stageNames.has(s.id)) stageNames.set(s.id, pipelineStageName(tDomain, p.stages, s.id));
  const stageChoices = [...stageNames].sort((a, b) => stageOrder(shownPipelines, a[0]) - stageOrder(shownPipelines, b[0]));
  const toggleStage = (s: Stage) =>
    onChange({ stages: state.stages.includes(s) ? state.stages.filter((x) => x !== s) : [...state.stages, s], page: 1 });

  const ownerOptions = [
    { value: "", label: t("anyOwner") },
    { value: "me", label: t("myDeals") },
    { value: "none", label: t("unassigned") },
    ...members.map((m) => ({ value: m.id, label: m.name })),
  ];
  const currencyCodes: string[] = [...CURRENCY_CHOICES];
  if (currency && !currencyCodes.includes(currency)) currencyCodes.push(currency);
  const currencyOptions = [...(state.sort === "amount" ? [] : [{ value: "", label: t("anyCurrency") }]), ...currencyCodes.map((code) => ({ value: code, label: code }))];

  return (
    <div className="flex flex-wrap items-center gap-2">
      <ListSearchBox id="deal-search" label={t("searchLabel")} placeholder={t("searchPlaceholder")} search={state.search} onSearch={(search) => onChange({ search, page: 1 })} />

      <Popover>
        <PopoverTrigger asChild>
          <Button variant="secondary">
            {t("stage")}
            {state.stages.length ? (
              <span className="rounded bg-accent-soft px-1.5 text-xs text-accent">
                <span aria-hidden>{state.stages.length}</span>
                <span className="sr-only">{t("stageCount", { count: state.stages.length })}</span>
              </span>
            ) : null}
            <ChevronDown className="h-3.5 w-3.5 text-slate-400" aria-hidden />
          </Button>
        </PopoverTrigger>
        <PopoverContent className="w-52 p-1">
          <fieldset>
            <legend className="px-2 py-1 text-xs text-muted">{t("showStages")}</legend>
            {stageChoices.map(([id, name]) => (
              <label key={id} className="flex cursor-pointer items-center gap-2 rounded px-2 py-1.5 text-sm hover:bg-slate-100">
                <input type="checkbox" checked={state.stages.includes(id)} onChange={() => toggleStage(id)} className="h-3.5 w-3.5 accent-[var(--accent)]" />
                <span className={cn("h-2 w-2 rounded-full", stageDot(id))} aria-hidden />
                {name}
              </label>
            ))}
          </fieldset>
          {state.stages.length ? (
            <Button variant="ghost" size="sm" className="mt-1 w-full" onClick={() => onChange({ stages: [], page: 1 })}>
              {t("clearStages")}
            </Button>
          ) : null}
        </PopoverContent>
      </Popover>

      {pipelines.length > 1 ? (
        <div className="w-44">
          <Select
            aria-label={t("pipeline")}
            value={state.pipeline || ALL}
            onValueChange={(v) => onChange({ pipeline: v === ALL ? "" : v, stages: [], page: 1 })}
            options={[{ value: ALL, label: t("allPipelines") }, ...pipelines.map((p) => ({ value: p.id, label: pipelineName(p) }))]}
          />
        </div>
      ) : null}

      <div className="w-40">
        <Select aria-label={t("owner")} value={state.owner} onValueChange={(v) => onChange({ owner: v, page: 1 })} options={ownerOptions} placeholder={t("anyOwner")} />
      </div>

      <div className="w-40">
        <Select aria-label={t("currency")} value={currency} onValueChange={onCurrency} options={currencyOptions} placeholder={t("anyCurrency")} className="whitespace-nowrap" />
      </div>

      {state.companyId ? (
        <FilterChip label={t("company", { name: companyName ?? "…" })} removeLabel={t("removeFilter", { label: t("company", { name: companyName ?? "…" }) })} onRemove={() => onChange({ companyId: "", page: 1 })} />
      ) : null}
      {state.contactId ? (
        <FilterChip label={t("contact", { name: contactLabel ?? "…" })} removeLabel={t("removeFilter", { label: t("contact", { name: contactLabel ?? "…" }) })} onRemove={() => onChange({ contactId: "", page: 1 })} />
      ) : null}

      <div className="ml-auto flex items-center gap-2">
        {!state.trash ? <ExportButton path={DEALS_API} query={apiQuery} fallbackName={EXPORT_NAME} selected={selectedCount} onExportSelected={onExportSelected} /> : null}
        <Button
          variant={state.trash ? "primary" : "ghost"}
          aria-pressed={state.trash}
          onClick={() => onChange({ trash: !state.trash, page: 1 })}
          className={cn(state.trash && "bg-red-600 hover:bg-red-700")}
        >
          <Trash2 className="h-3.5 w-3.5" aria-hidden /> {t("trash")}
        </Button>
        {!state.trash ? (
          <Button onClick={onNewDeal}>
            <Plus className="h-4 w-4" aria-hidden /> {t("newDeal")}
          </Button>
        ) : null}
      </div>
    </div>
  );
}

function FilterChip({ label, removeLabel, onRemove }: { label: string; removeLabel: string; onRemove: () => void }) {
  return (
    <span className="inline-flex h-9 items-center gap-1 rounded-md border border-slate-200 bg-accent-soft pr-1 pl-2.5 text-sm text-accent">
      {label}
      <button type="button" onClick={onRemove} className="rounded p-1 hover:bg-indigo-100" aria-label={removeLabel}>
        <X className="h-3.5 w-3.5" aria-hidden />
      </button>
    </span>
  );
}
