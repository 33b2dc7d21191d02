import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { notFound } from "next/navigation";
import { cache } from "react";
import { CompanyRecord } from "@/components/companies/company-record";
import { AppError } from "@/lib/api/errors";
import { getCompany } from "@/lib/companies/service";
import { requireCaller } from "@/lib/current-caller";
import { getDb } from "@/lib/db";

/**
 * The company as its record page first renders it. One in the trash is still shown (with its
 * Restore banner), so the trash and "undo" lead somewhere; another workspace's is not found.
 */
const loadCompany = cache(async (id: string) => {
  const caller = await requireCaller(`/companies/${id}`);
  try {
    return { caller, company: await getCompany(getDb(), caller, id, { includeDeleted: true }) };
  } catch (error) {
    if (error instanceof AppError && error.status === 404) return { caller, company: null };
    throw error;
  }
});

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const { company } = await loadCompany((await params).id);
  return { title: company ? company.name : (await getTranslations("companies.notFound"))("title") };
}

export default async function CompanyPage({ params }: { params: Promise<{ id: string }> }) {
  const { caller, company } = await loadCompany((await params).id);
  if (!company) notFound();
  return <CompanyRecord initialCompany={company} viewer={{ id: caller.userId, isManager: caller.isManager }} />;
}
