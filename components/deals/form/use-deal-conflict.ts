"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useMemo, useState } from "react";
import { toast } from "sonner";
import { summarizeConflict } from "@/lib/deals/diff";
import type { Deal, DealUpdateInput } from "@/lib/deals/schema";
import { conflictDeal, dealWritten } from "@/lib/queries/deals";
import { DEAL_FORM_FIELDS } from "./form-schema";

/** A save the API refused with 409 `version_conflict`: someone changed the deal after it was read. */
export interface DealConflict {
  /** The deal the refused changes were based on. */
  base: Deal;
  /** The deal now on the server (from the 409 body). */
  theirs: Deal;
  /** The changes that were refused. */
  mine: DealUpdateInput;
}

/**
 * The conflict handling of every deal editor (the form and the record page's in-place fields):
 * a 409 is kept and explained field by field (ConflictNotice), never retried on its own; the
 * user reloads (keeps theirs) or re-applies their changes on top of the new version.
 *
 * `send` saves changes against a deal's version, as the editor does (a PATCH, or the record
 * page's optimistic one).
 */
export function useDealConflict(send: (base: Deal, changes: DealUpdateInput) => Promise<Deal>) {
  const client = useQueryClient();
  const t = useTranslations("deal.conflict");
  const [conflict, setConflict] = useState<DealConflict | null>(null);
  const [reapplying, setReapplying] = useState(false);
  const summary = useMemo(() => (conflict ? summarizeConflict(conflict.base, conflict.theirs, conflict.mine, DEAL_FORM_FIELDS) : null), [conflict]);

  /** A refused save: true when it was a conflict (now shown), false when the error is the caller's to show. */
  function catchConflict(error: unknown, base: Deal, mine: DealUpdateInput): boolean {
    const theirs = conflictDeal(error);
    if (theirs) setConflict({ base, theirs, mine });
    return theirs !== null;
  }

  /** Keeps their version: it becomes the page's deal, and the conflict closes. Returns it. */
  function reload(): Deal | null {
    if (!conflict) return null;
    dealWritten(client, conflict.theirs);
    setConflict(null);
    return conflict.theirs;
  }

  /**
   * Sends my changes again, against their version (the notice stays, pending, until it answers).
   * Resolves with the saved deal, or null when that met another conflict (shown in turn); any
   * other failure is thrown for the caller.
   */
  async function reapply(): Promise<Deal | null> {
    if (!conflict) return null;
    const { theirs, mine } = conflict;
    setReapplying(true);
    try {
      const saved = await send(theirs, mine);
      setConflict(null);
      toast.success(t("reapplied", { count: Object.keys(mine).length }));
      return saved;
    } catch (error) {
      setConflict(null);
      if (catchConflict(error, theirs, mine)) return null;
      throw error;
    } finally {
      setReapplying(false);
    }
  }

  return { conflict, summary, reapplying, catchConflict, reload, reapply, clear: () => setConflict(null) };
}
