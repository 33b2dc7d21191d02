import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "@formatjs/icu-messageformat-parser";
import { describe, expect, it } from "vitest";
import { LOCALES } from "./config";
import { CLIENT_NAMESPACES, NAMESPACES } from "./namespaces";

/**
 * The catalogs agree with each other and with the code: every namespace folder is declared and
 * has a file per language; every key exists in every language; every message is valid ICU, with
 * the same arguments in every language (a translation that drops `{count}` would print nothing).
 */
const MESSAGES = path.resolve(import.meta.dirname, "../../messages");
const read = (ns: string, locale: string) => JSON.parse(readFileSync(path.join(MESSAGES, ns, `${locale}.json`), "utf8")) as Record<string, unknown>;

function flatten(value: unknown, prefix = ""): Record<string, string> {
  if (typeof value === "string") return { [prefix]: value };
  const out: Record<string, string> = {};
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) Object.assign(out, flatten(child, prefix ? `${prefix}.${key}` : key));
  return out;
}

function argumentsOf(message: string): string[] {
  const names = new Set<string>();
  const walk = (nodes: ReturnType<typeof parse>) => {
    for (const node of nodes as unknown as Array<Record<string, unknown>>) {
      if (typeof node.value === "string" && node.type !== 0 && node.type !== 7) names.add(node.value);
      if (node.options) for (const option of Object.values(node.options as Record<string, { value: ReturnType<typeof parse> }>)) walk(option.value);
      if (Array.isArray(node.children)) walk(node.children as unknown as ReturnType<typeof parse>);
    }
  };
  walk(parse(message));
  return [...names].sort();
}

describe("message catalogs", () => {
  it("declares every namespace folder, and sends the browser only declared ones", () => {
    const folders = readdirSync(MESSAGES, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
    expect(folders).toEqual([...NAMESPACES].sort());
    for (const ns of Object.values(CLIENT_NAMESPACES).flat()) expect(NAMESPACES).toContain(ns);
  });

  for (const ns of NAMESPACES) {
    it(`${ns}: the same keys in every language, valid ICU, the same arguments`, () => {
      const catalogs = Object.fromEntries(LOCALES.map((locale) => [locale, flatten(read(ns, locale))]));
      const keys = Object.keys(catalogs.en).sort();
      expect(keys.length).toBeGreaterThan(0);
      for (const locale of LOCALES) {
        expect(Object.keys(catalogs[locale]).sort(), `${ns}/${locale}.json`).toEqual(keys);
        for (const key of keys) expect(catalogs[locale][key].trim(), `${ns}.${key} (${locale}) is empty`).not.toBe("");
      }
      for (const key of keys) {
        const expected = argumentsOf(catalogs.en[key]);
        for (const locale of LOCALES) expect(argumentsOf(catalogs[locale][key]), `${ns}.${key} (${locale})`).toEqual(expected);
      }
    });
  }
});
