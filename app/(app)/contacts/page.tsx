import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { Suspense } from "react";
import { ContactsList } from "@/components/contacts/contacts-list";
import { RecordListSkeleton } from "@/components/records/record-list-skeleton";
import { requireCaller } from "@/lib/current-caller";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("contacts.list");
  return { title: t("title") };
}

export default async function ContactsPage() {
  await requireCaller("/contacts");
  const t = await getTranslations("contacts.list");
  return (
    <Suspense fallback={<RecordListSkeleton label={t("loading")} />}>
      <ContactsList />
    </Suspense>
  );
}
