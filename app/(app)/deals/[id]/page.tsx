import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache } from "react";
import { DealRecord } from "@/components/deals/detail/deal-record";
import { requireCaller } from "@/lib/current-caller";
import { getDb } from "@/lib/db";
import { selectDeals, toDeal } from "@/lib/deals/serialize";

/**
 * The deal as the record page first renders it, read in the caller's tenant. Unlike
 * GET /deals/{id}, a soft-deleted deal is still shown here (with its Restore banner), so the
 * trash and "undo" lead somewhere.
 */
const loadDeal = cache(async (id: string) => {
  const caller = await requireCaller(`/deals/${id}`);
  const row = await selectDeals(getDb(), caller.tenantId).where("d.id", "=", id).executeTakeFirst();
  return { caller, deal: row ? toDeal(row) : null };
});

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const { deal } = await loadDeal((await params).id);
  return { title: deal ? `${deal.name} · ${deal.deal_number}` : "Deal not found" };
}

export default async function DealPage({ params }: { params: Promise<{ id: string }> }) {
  const { caller, deal } = await loadDeal((await params).id);
  if (!deal) notFound();
  return <DealRecord initialDeal={deal} viewer={{ id: caller.userId, name: caller.userName, isManager: caller.isManager }} />;
}
