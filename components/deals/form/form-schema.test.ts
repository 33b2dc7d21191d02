import { createTranslator } from "next-intl";
import { describe, expect, it } from "vitest";
import type { Translate } from "@/lib/deals/fields";
import type { Deal } from "@/lib/deals/schema";
import formEn from "../../../messages/form/en.json";
import formJa from "../../../messages/form/ja.json";
import { DEAL_FORM_FIELDS, dealCreateFormSchema, dealEditFormSchema, dealToFormValues, emptyDealFormValues, formErrors, maxLengthOf } from "./form-schema";

const en = createTranslator({ locale: "en", messages: { form: formEn } }) as unknown as Translate;
const ja = createTranslator({ locale: "ja", messages: { form: formJa } }) as unknown as Translate;

describe("deal form schema", () => {
  it("holds the API's writable fields minus server-managed and integration ones", () => {
    expect(DEAL_FORM_FIELDS).toContain("name");
    expect(DEAL_FORM_FIELDS).toContain("custom_fields");
    expect(DEAL_FORM_FIELDS).toContain("contact_ids");
    for (const hidden of ["version", "source_type", "won_date", "actual_close_date", "quote_ids", "id", "deal_number"]) {
      expect(DEAL_FORM_FIELDS).not.toContain(hidden);
    }
    expect(Object.keys(emptyDealFormValues()).sort()).toEqual([...DEAL_FORM_FIELDS].sort());
  });

  it("starts a new deal empty, in the given stage with its probability and the default currency", () => {
    const { name, currency, stage, probability, pipeline_id, contact_ids, competitors, tags, custom_fields, ...rest } = emptyDealFormValues("proposal");
    expect({ name, currency, stage, probability }).toEqual({ name: "", currency: "JPY", stage: "proposal", probability: 50 });
    expect({ contact_ids, competitors, tags, custom_fields }).toEqual({ contact_ids: [], competitors: [], tags: [], custom_fields: {} });
    // No pipeline unless given: the server puts the deal in the default one.
    expect(pipeline_id).toBeUndefined();
    expect(Object.values(rest).every((v) => v === null)).toBe(true);
  });

  it("starts a new deal in a given pipeline with that pipeline's probability for the stage", () => {
    const pipeline = { id: "pipe_01JDX3Z8Q4M2N5P7R9S1T3V5W7", stages: [{ id: "demo", probability: 35 }] };
    expect(emptyDealFormValues("demo", pipeline)).toMatchObject({ pipeline_id: pipeline.id, stage: "demo", probability: 35 });
  });

  it("validates with the API's rules (name, amount, currency, dates, ids)", () => {
    const ok = dealCreateFormSchema.safeParse({ ...emptyDealFormValues("proposal"), name: "  ACME  ", tags: ["a", "a"] });
    expect(ok.success && ok.data).toMatchObject({ name: "ACME", probability: 50, tags: ["a"] });
    const bad = dealCreateFormSchema.safeParse({
      ...emptyDealFormValues(),
      name: "",
      amount: -1,
      currency: "yen",
      expected_close_date: "2026-02-30",
      company_id: "comp_nope",
    });
    expect(bad.success).toBe(false);
    const fields = bad.error!.issues.map((i) => i.path.join("."));
    expect(fields).toEqual(expect.arrayContaining(["name", "amount", "currency", "expected_close_date", "company_id"]));
  });

  it("asks for a loss category and reason when the stage is Lost, like the API", () => {
    const lost = dealEditFormSchema.safeParse({ ...emptyDealFormValues("closed_lost"), name: "X" });
    expect(lost.success).toBe(false);
    expect(lost.error!.issues.map((i) => i.path[0]).sort()).toEqual(["loss_category", "lost_reason"]);
    const given = dealEditFormSchema.safeParse({ ...emptyDealFormValues("closed_lost"), name: "X", loss_category: "price", lost_reason: "Too expensive" });
    expect(given.success).toBe(true);
  });

  it("copies exactly the form's fields from a wire deal", () => {
    const deal = { name: "さくら", amount: 100, currency: "JPY", stage: "lead", version: 4, id: "deal_x", tags: ["t"], custom_fields: { k: 1 } } as unknown as Deal;
    const values = dealToFormValues(deal);
    expect(Object.keys(values).sort()).toEqual([...DEAL_FORM_FIELDS].sort());
    expect(values).toMatchObject({ name: "さくら", amount: 100, tags: ["t"], custom_fields: { k: 1 }, company_id: null });
    expect(values).not.toHaveProperty("version");
  });
});

describe("validation messages", () => {
  it("speak the page's language, read off each problem's code and limits", () => {
    const bad = dealCreateFormSchema.safeParse({
      ...emptyDealFormValues("closed_lost"),
      name: "",
      amount: -1,
      currency: "yen",
      expected_close_date: "2026-02-30",
      tags: ["x".repeat(51)],
    });
    const message = (t: Translate) => Object.fromEntries(Object.entries(formErrors(bad.error!.issues, t)).map(([k, v]) => [k, v.message]));
    expect(message(en)).toMatchObject({
      name: "Give the deal a name.",
      amount: "At least 0.",
      expected_close_date: "Enter a valid date.",
      tags: "At most 50 characters.",
      loss_category: "Choose a loss category for a lost deal.",
      lost_reason: "Write why the deal was lost.",
    });
    expect(message(ja)).toMatchObject({
      name: "商談名を入力してください。",
      amount: "0以上で入力してください。",
      expected_close_date: "正しい日付を入力してください。",
      tags: "50文字以内で入力してください。",
      loss_category: "失注した商談には失注カテゴリを選択してください。",
      lost_reason: "失注理由を入力してください。",
    });
    for (const text of Object.values(message(ja))) expect(text).not.toMatch(/[a-z]{4,}/);
  });
});

describe("maxLengthOf", () => {
  it("reads each text field's limit, and each list item's, off the API's schema", () => {
    expect(maxLengthOf("name")).toBe(200);
    expect(maxLengthOf("lost_reason")).toBe(1000);
    expect(maxLengthOf("closure_notes")).toBe(5000);
    expect(maxLengthOf("note")).toBe(10000);
    expect(maxLengthOf("tags")).toBe(50);
    expect(maxLengthOf("competitors")).toBe(100);
    expect(maxLengthOf("amount")).toBeUndefined();
  });
});
