import { NextIntlClientProvider } from "next-intl";
import { getLocale, getMessages } from "next-intl/server";
import { clientMessages, type Messages } from "@/lib/i18n/messages";
import type { CLIENT_NAMESPACES } from "@/lib/i18n/namespaces";

/**
 * The catalogs a part of the app's client components need, and nothing else (a server component:
 * the rest of the catalog stays on the server). The app's layouts wrap their pages in it.
 */
export async function ClientMessages({ part, children }: { part: keyof typeof CLIENT_NAMESPACES; children: React.ReactNode }) {
  const [locale, messages] = await Promise.all([getLocale(), getMessages()]);
  return (
    <NextIntlClientProvider locale={locale} messages={clientMessages(messages as Messages, part)} timeZone="UTC">
      {children}
    </NextIntlClientProvider>
  );
}
