/**
 * The message catalogs' namespaces: one folder each under messages/, one file per language in it
 * (messages/board/en.json, messages/board/ja.json). Each area of the UI owns its namespace, so two
 * people translating two screens never edit the same file. next.config.ts compiles every one.
 */
export const NAMESPACES = ["common", "domain", "board", "deal", "deals", "form", "auth", "settings", "pipeline", "pipelineSettings", "apiDocs", "mail", "companies", "contacts", "records", "tasks", "webhooks", "search", "imports"] as const;
export type Namespace = (typeof NAMESPACES)[number];

/**
 * What the browser gets, per part of the app: client components of the signed-in app and of the
 * sign-in pages. Mail is rendered on the server only; server components read any namespace on
 * the server and send rendered text.
 */
export const CLIENT_NAMESPACES = {
  app: ["common", "domain", "board", "deal", "deals", "form", "settings", "pipeline", "pipelineSettings", "apiDocs", "companies", "contacts", "records", "tasks", "webhooks", "search", "imports"],
  auth: ["common", "auth", "settings"],
} as const satisfies Record<string, readonly Namespace[]>;
