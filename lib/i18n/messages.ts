import type { Locale } from "./config";
import { CLIENT_NAMESPACES, type Namespace, NAMESPACES } from "./namespaces";

/**
 * A language's catalog, namespace by namespace (lib/i18n/namespaces.ts). The JSON files are
 * compiled at build time (next.config.ts), so messages arrive pre-parsed; server components read
 * every namespace, client components get `CLIENT_NAMESPACES` only.
 */

export type Messages = Record<Namespace, Record<string, unknown>>;

/** Every namespace of a language's catalog. */
export async function loadMessages(locale: Locale): Promise<Messages> {
  const entries = await Promise.all(
    NAMESPACES.map(async (ns) => [ns, ((await import(`../../messages/${ns}/${locale}.json`)) as { default: Record<string, unknown> }).default] as const),
  );
  return Object.fromEntries(entries) as Messages;
}

/** The part of the catalog a part of the app's client components need. */
export function clientMessages(messages: Messages, part: keyof typeof CLIENT_NAMESPACES): Partial<Messages> {
  return Object.fromEntries(CLIENT_NAMESPACES[part].map((ns) => [ns, messages[ns]]));
}
