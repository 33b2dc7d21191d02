import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { notFound } from "next/navigation";
import { cache } from "react";
import { DealRecord } from "@/components/deals/detail/deal-record";
import { requireCaller } from "@/lib/current-caller";
import { getDb } from "@/lib/db";
import { findDeal } from "@/lib/deals/service";

/**
 * The deal as the record page first renders it, if the caller can see it. A soft-deleted deal is
 * still shown (with its Restore banner), so the trash and "undo" lead somewhere.
 */
const loadDeal = cache(async (id: string) => {
  const caller = await requireCaller(`/deals/${id}`);
  return { caller, deal: await findDeal(getDb(), caller, id, { includeDeleted: true }) };
});

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const { deal } = await loadDeal((await params).id);
  return { title: deal ? `${deal.name} · ${deal.deal_number}` : (await getTranslations("deal.page"))("notFoundTitle") };
}

export default async function DealPage({ params }: { params: Promise<{ id: string }> }) {
  const { caller, deal } = await loadDeal((await params).id);
  if (!deal) notFound();
  return <DealRecord initialDeal={deal} viewer={{ id: caller.userId, name: caller.userName, isManager: caller.isManager, dealVisibility: caller.dealVisibility }} />;
}
