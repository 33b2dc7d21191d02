import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { notFound } from "next/navigation";
import { cache } from "react";
import { ContactRecord } from "@/components/contacts/contact-record";
import { AppError } from "@/lib/api/errors";
import { getContact } from "@/lib/contacts/service";
import { requireCaller } from "@/lib/current-caller";
import { getDb } from "@/lib/db";
import { personName } from "@/lib/names";

/**
 * The contact as its record page first renders it. One in the trash is still shown (with its
 * Restore banner), so the trash and "undo" lead somewhere; another workspace's is not found.
 */
const loadContact = cache(async (id: string) => {
  const caller = await requireCaller(`/contacts/${id}`);
  try {
    return { caller, contact: await getContact(getDb(), caller, id, { includeDeleted: true }) };
  } catch (error) {
    if (error instanceof AppError && error.status === 404) return { caller, contact: null };
    throw error;
  }
});

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const { contact } = await loadContact((await params).id);
  return { title: contact ? personName(contact.first_name, contact.last_name) : (await getTranslations("contacts.notFound"))("title") };
}

export default async function ContactPage({ params }: { params: Promise<{ id: string }> }) {
  const { caller, contact } = await loadContact((await params).id);
  if (!contact) notFound();
  return <ContactRecord initialContact={contact} viewer={{ id: caller.userId, isManager: caller.isManager }} />;
}
