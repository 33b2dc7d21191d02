import { createTranslator } from "next-intl";
import { describe, expect, it } from "vitest";
import type { Translate } from "@/lib/deals/fields";
import dealJa from "../../../messages/deal/ja.json";
import formJa from "../../../messages/form/ja.json";
import { mapServerErrors, serverErrorMessage } from "./server-errors";

const fields = ["name", "amount", "contact_ids", "custom_fields", "company_id"] as const;

describe("mapServerErrors", () => {
  it("puts each error on the form field it belongs to, including nested paths", () => {
    const result = mapServerErrors(
      [
        { field: "amount", code: "too_small", message: "Must be zero or more." },
        { field: "contact_ids.2", code: "invalid_reference", message: "No such contact in this workspace." },
        { field: "custom_fields.region", code: "too_big", message: "Too long." },
      ],
      fields,
    );
    expect(result.byField).toEqual({
      amount: "Must be zero or more.",
      contact_ids: "No such contact in this workspace.",
      custom_fields: "Too long.",
    });
    expect(result.other).toEqual([]);
  });

  it("joins two messages for the same field and keeps unknown fields for the form-level message", () => {
    const result = mapServerErrors(
      [
        { field: "company_id", code: "a", message: "First." },
        { field: "company_id", code: "b", message: "Second." },
        { field: "pipeline_id", code: "c", message: "Unknown pipeline." },
        { field: "", code: "d", message: "Something else." },
      ],
      fields,
    );
    expect(result.byField).toEqual({ company_id: "First. Second." });
    expect(result.other).toEqual(["pipeline_id: Unknown pipeline.", "Something else."]);
  });
});

describe("serverErrorMessage", () => {
  it("words a known code in the page's language, and keeps the API's message otherwise", () => {
    const ja = createTranslator({ locale: "ja", messages: { deal: dealJa, form: formJa } }) as unknown as Translate;
    expect(serverErrorMessage({ field: "company_id", code: "invalid_reference", message: "No such company in this workspace." }, ja, "ja-JP")).toBe(
      "このワークスペースに該当する会社がありません。",
    );
    expect(serverErrorMessage({ field: "name", code: "too_big", message: "Too long." }, ja, "ja-JP")).toBe("Too long.");
  });
});
