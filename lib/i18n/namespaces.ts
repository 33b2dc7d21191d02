/**
 * The message catalogs' namespaces: one folder each under messages/, one file per language in it
 * (messages/board/en.json, messages/board/ja.json). Each area of the UI owns its namespace, so two
 * people translating two screens never edit the same file. next.config.ts compiles every one.
 */
export const NAMESPACES = ["common"] as const;
export type Namespace = (typeof NAMESPACES)[number];

/** The namespaces client components use: only these are sent to the browser. */
export const CLIENT_NAMESPACES: readonly Namespace[] = ["common"];
