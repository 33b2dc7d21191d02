import { describe, expect, it } from "vitest";
import { DEAL_FIELDS, type DealField, fieldLabel, humanize, isFieldShown, numberOrNull, optionLabel, selectOptions, textOrNull } from "./fields";
import { dealCreateSchema, dealSchema, dealUpdateSchema } from "./schema";
import { DEFAULT_PIPELINE_STAGES } from "@/lib/pipelines/model";
import { FORECAST_CATEGORY_IDS, LOSS_CATEGORY_IDS } from "./stages";

const STAGE_IDS = DEFAULT_PIPELINE_STAGES.map((s) => s.id);

describe("the deal field registry", () => {
  it("has a label and a catalog key for every field the API writes", () => {
    const written = new Set([...Object.keys(dealCreateSchema.shape), ...Object.keys(dealUpdateSchema.shape)]);
    written.delete("source_type");
    written.delete("version");
    for (const field of written) {
      expect(DEAL_FIELDS, field).toHaveProperty(field);
      expect(DEAL_FIELDS[field as DealField].labelKey).toBe(`deal.fields.${field}`);
    }
  });

  it("names only fields a deal has", () => {
    for (const field of Object.keys(DEAL_FIELDS)) expect(dealSchema.shape, field).toHaveProperty(field);
  });

  it("offers exactly the values the API accepts for its choices", () => {
    expect(DEAL_FIELDS.stage.options!.map((o) => o.value)).toEqual(STAGE_IDS);
    expect(DEAL_FIELDS.loss_category.options!.map((o) => o.value)).toEqual(LOSS_CATEGORY_IDS);
    expect(DEAL_FIELDS.forecast_category.options!.map((o) => o.value)).toEqual(FORECAST_CATEGORY_IDS);
    expect(DEAL_FIELDS.loss_category.options![1]).toEqual({ value: "competitor", label: "Lost to competitor", labelKey: "domain.lossCategories.competitor" });
    expect(DEAL_FIELDS.deal_source.options!.map((o) => o.labelKey)).toContain("domain.dealSources.rfp");
  });

  it("labels fields, and a field it does not know by its name", () => {
    expect(fieldLabel("contact_id")).toBe("Primary contact");
    expect(fieldLabel("next_followup_date")).toBe("Next follow-up");
    expect(fieldLabel("renewal_terms")).toBe("Renewal terms");
    expect(fieldLabel("constructor")).toBe("Constructor");
  });

  it("shows the reason for a loss only on lost deals, closure notes on closed ones", () => {
    expect(isFieldShown("lost_reason", "closed_lost")).toBe(true);
    expect(isFieldShown("lost_reason", "closed_won")).toBe(false);
    expect(isFieldShown("loss_category", "negotiation")).toBe(false);
    expect(isFieldShown("closure_notes", "closed_won")).toBe(true);
    expect(isFieldShown("closure_notes", "proposal")).toBe(false);
    expect(isFieldShown("amount", "lead")).toBe(true);
  });
});

describe("choices", () => {
  it("offer the suggestions, and a deal's own value when it is another", () => {
    expect(selectOptions("deal_type").map((o) => o.label)).toEqual(["New business", "Upsell", "Renewal", "Expansion"]);
    expect(selectOptions("deal_source", "trade_show").at(-1)).toEqual({ value: "trade_show", label: "Trade show" });
    expect(selectOptions("deal_source", "referral")).toHaveLength(7);
    expect(selectOptions("forecast_category", "commit")[2]).toEqual({ value: "commit", label: "Commit" });
  });

  it("read stored values by their option's label", () => {
    expect(optionLabel("loss_category", "no_budget")).toBe("No budget");
    expect(optionLabel("deal_source", "rfp")).toBe("RFP");
    expect(optionLabel("deal_source", "word_of_mouth")).toBe("Word of mouth");
  });

  it("humanize snake_case values", () => {
    expect(humanize("best_case")).toBe("Best case");
    expect(humanize("rfp")).toBe("RFP");
    expect(humanize("rfp_response")).toBe("RFP response");
  });
});

describe("input values", () => {
  it("read an empty number input as null, anything else as a number", () => {
    expect(numberOrNull("")).toBeNull();
    expect(numberOrNull("  ")).toBeNull();
    expect(numberOrNull(null)).toBeNull();
    expect(numberOrNull(undefined)).toBeNull();
    expect(numberOrNull("1250.5")).toBe(1250.5);
    expect(numberOrNull(0)).toBe(0);
    expect(numberOrNull("abc")).toBeNaN();
  });

  it("read blank text as null, anything else trimmed", () => {
    expect(textOrNull("")).toBeNull();
    expect(textOrNull("  \n")).toBeNull();
    expect(textOrNull(null)).toBeNull();
    expect(textOrNull(" Chose a local vendor ")).toBe("Chose a local vendor");
  });
});
