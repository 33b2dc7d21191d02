import { type AbstractIntlMessages, createTranslator } from "next-intl";
import { describe, expect, it } from "vitest";
import en from "../../messages/domain/en.json";
import ja from "../../messages/domain/ja.json";
import { DEFAULT_PIPELINE_STAGES } from "../pipelines/model";
import { FORECAST_CATEGORY_IDS, LOSS_CATEGORY_IDS, ACTIVITY_TYPES_SYSTEM, ACTIVITY_TYPES_USER, DEAL_SOURCE_SUGGESTIONS, DEAL_TYPE_SUGGESTIONS } from "../deals/stages";
import { type DomainTranslator, domainNames, pipelineName, pipelineStageName, stageName } from "./domain";

const translator = (locale: "en" | "ja") => createTranslator({ locale, messages: { domain: locale === "en" ? en : ja } as AbstractIntlMessages, namespace: "domain" }) as unknown as DomainTranslator;

const STAGE_IDS = DEFAULT_PIPELINE_STAGES.map((s) => s.id);

describe("domain names", () => {
  it("names the default pipeline's stages in each language", () => {
    expect(stageName(translator("ja"), "closed_won")).toBe("受注");
    expect(stageName(translator("ja"), "proposal")).toBe("提案");
    expect(stageName(translator("en"), "closed_lost")).toBe("Lost");
  });

  it("names a pipeline's stages as the pipeline does: default stages translated until renamed", () => {
    const t = translator("ja");
    const stages = [
      { id: "lead", name: "Lead" },
      { id: "proposal", name: "Quote sent" },
      { id: "pilot", name: "パイロット" },
    ];
    expect(pipelineStageName(t, stages, "lead")).toBe("リード");
    expect(pipelineStageName(t, stages, "proposal")).toBe("Quote sent");
    expect(pipelineStageName(t, stages, "pilot")).toBe("パイロット");
    // A stage the pipeline no longer has (an old timeline entry): its catalog name, or the id.
    expect(pipelineStageName(t, stages, "closed_won")).toBe("受注");
    expect(pipelineStageName(t, stages, "gone_stage")).toBe("gone_stage");
    expect(pipelineName(t, { name: "Sales pipeline" })).toBe("営業パイプライン");
    expect(pipelineName(t, { name: "Renewals" })).toBe("Renewals");
  });

  it("leaves names people typed as they are", () => {
    const names = domainNames(translator("ja"));
    expect(names.stage("Pilot 導入")).toBe("Pilot 導入");
    expect(names.dealSource("trade show")).toBe("trade show");
    expect(names.stage("stages.lead")).toBe("stages.lead");
    expect(names.stage(null)).toBe("");
  });

  it("has a name for every value of every enum, in both languages", () => {
    for (const locale of ["en", "ja"] as const) {
      const names = domainNames(translator(locale));
      const check = (name: (v: string) => string, values: readonly string[]) => {
        for (const v of values) expect(name(v), `${locale}: ${v}`).not.toBe(v);
      };
      check(names.stage, STAGE_IDS);
      check(names.lossCategory, LOSS_CATEGORY_IDS);
      check(names.forecastCategory, FORECAST_CATEGORY_IDS);
      check(names.activityType, [...ACTIVITY_TYPES_USER, ...ACTIVITY_TYPES_SYSTEM]);
      check(names.dealType, DEAL_TYPE_SUGGESTIONS);
      check(names.dealSource, DEAL_SOURCE_SUGGESTIONS.filter((s) => s !== "rfp"));
      expect(names.dealSource("rfp")).toBe("RFP");
    }
  });
});
