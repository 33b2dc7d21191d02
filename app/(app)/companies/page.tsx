import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { Suspense } from "react";
import { CompaniesList } from "@/components/companies/companies-list";
import { RecordListSkeleton } from "@/components/records/record-list-skeleton";
import { requireCaller } from "@/lib/current-caller";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("companies.list");
  return { title: t("title") };
}

export default async function CompaniesPage() {
  await requireCaller("/companies");
  const t = await getTranslations("companies.list");
  return (
    <Suspense fallback={<RecordListSkeleton label={t("loading")} />}>
      <CompaniesList />
    </Suspense>
  );
}
