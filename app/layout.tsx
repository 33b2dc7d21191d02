import type { Metadata, Viewport } from "next";
import { NextIntlClientProvider } from "next-intl";
import { getLocale, getTranslations } from "next-intl/server";
import { Providers } from "@/components/providers";
import "./globals.css";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("common");
  return { title: { default: t("appName"), template: `%s · ${t("appName")}` }, description: t("appDescription") };
}

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const [locale, t] = await Promise.all([getLocale(), getTranslations("common.toaster")]);
  const toasterLabels = { label: t("label"), close: t("close") };
  return (
    <html lang={locale}>
      <body className="min-h-screen">
        {/* The language for formatting everywhere; each part's layout adds the messages it needs. */}
        <NextIntlClientProvider locale={locale} messages={null} timeZone="UTC">
          <Providers toasterLabels={toasterLabels}>{children}</Providers>
        </NextIntlClientProvider>
      </body>
    </html>
  );
}
