"use client";

import { type UseMutationResult, useQueryClient } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { summarizeConflict } from "@/lib/deals/diff";
import { conflictRecord, type RecordClient } from "@/lib/queries/records";

interface Versioned {
  id: string;
  version: number;
}

/**
 * In-place editing of a company or contact with the deals' conflict handling: each save sends
 * the version on screen; a 409 is kept and explained field by field (RecordConflictNotice),
 * never retried on its own; the user reloads (keeps theirs) or re-applies their change on top.
 */
export function useRecordEdit<T extends Versioned>(client: RecordClient, update: UseMutationResult<T, Error, { base: T; changes: object }>, fields: readonly string[]) {
  const queryClient = useQueryClient();
  const [conflict, setConflict] = useState<{ base: T; theirs: T; mine: Partial<T> } | null>(null);
  const [reapplying, setReapplying] = useState(false);
  const summary = useMemo(() => (conflict ? summarizeConflict(conflict.base, conflict.theirs, conflict.mine, fields) : null), [conflict, fields]);

  /** Saves `changes` against `base`; a conflict is shown (and the save counts as handled), other failures are thrown for the editor to show. */
  async function save(base: T, changes: Partial<T>): Promise<void> {
    try {
      await update.mutateAsync({ base, changes });
    } catch (error) {
      const theirs = conflictRecord<T>(error, client.envelope);
      if (!theirs) throw error;
      setConflict({ base, theirs, mine: changes });
    }
  }

  function reload() {
    if (!conflict) return;
    queryClient.setQueryData(client.keys.record(conflict.theirs.id), conflict.theirs);
    setConflict(null);
  }

  /** Sends my changes again on top of their version; resolves true when saved (another conflict is shown in turn). */
  async function reapply(): Promise<boolean> {
    if (!conflict) return false;
    const { theirs, mine } = conflict;
    setReapplying(true);
    setConflict(null);
    try {
      await save(theirs, mine);
      return true;
    } finally {
      setReapplying(false);
    }
  }

  return { conflict, summary, reapplying, save, reload, reapply };
}
