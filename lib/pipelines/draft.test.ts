import { describe, expect, it } from "vitest";
import { addStage, draftChanged, draftFromPipeline, issuesFromProblem, moveStage, openDrafts, removeStage, stagesPayload, updateStage } from "./draft";
import { DEFAULT_PIPELINE_STAGES, normalizeStages } from "./model";

const pipeline = { stages: [...DEFAULT_PIPELINE_STAGES] };
const ids = (draft: { key: string }[]) => draft.map((s) => s.key);

describe("stage drafts", () => {
  it("reads a pipeline's stages as typed text and back without a change", () => {
    const draft = draftFromPipeline(pipeline);
    expect(draft[0]).toEqual({ key: "lead", id: "lead", name: "Lead", kind: "open", probability: "10", rotting_days: "30" });
    expect(draft[4].rotting_days).toBe("");
    expect(draftChanged(draft, pipeline)).toBe(false);
    const { stages, issues } = stagesPayload(draft, ids(draft));
    expect(issues).toEqual([]);
    const normalized = normalizeStages(stages);
    expect("stages" in normalized && normalized.stages).toEqual(DEFAULT_PIPELINE_STAGES);
  });

  it("adds open stages before Won and Lost, moves only open stages, never removes the closing ones or the last open one", () => {
    let draft = addStage(draftFromPipeline(pipeline), "new-1", "Pilot");
    expect(ids(draft)).toEqual(["lead", "qualification", "proposal", "negotiation", "new-1", "closed_won", "closed_lost"]);
    draft = moveStage(draft, "new-1", 1);
    expect(ids(draft)).toEqual(["lead", "new-1", "qualification", "proposal", "negotiation", "closed_won", "closed_lost"]);
    expect(ids(moveStage(draft, "closed_won", 0))).toEqual(ids(draft));
    expect(ids(moveStage(draft, "lead", 99)).slice(-3)).toEqual(["lead", "closed_won", "closed_lost"]);
    expect(ids(removeStage(draft, "closed_lost"))).toEqual(ids(draft));
    let single = draftFromPipeline({ stages: DEFAULT_PIPELINE_STAGES.filter((s) => s.id === "lead" || s.kind !== "open") });
    single = removeStage(single, "lead");
    expect(openDrafts(single).map((s) => s.key)).toEqual(["lead"]);
    expect(draftChanged(draft, pipeline)).toBe(true);
  });

  it("gives a new stage the key the server would, never a key the pipeline had before", () => {
    let draft = removeStage(draftFromPipeline(pipeline), "proposal");
    draft = addStage(draft, "k1", "Proposal");
    draft = addStage(draft, "k2", "デモ");
    const { stages } = stagesPayload(draft, DEFAULT_PIPELINE_STAGES.map((s) => s.id));
    expect(stages.map((s) => s.id)).toEqual(["lead", "qualification", "negotiation", "proposal_2", "stage", "closed_won", "closed_lost"]);
    // A new stage without a probability leaves it to the server; Won and Lost never carry rotting days.
    expect(stages[3]).toEqual({ id: "proposal_2", name: "Proposal", rotting_days: null });
    expect(stages[5]).toEqual({ id: "closed_won", name: "Won", probability: 100 });
  });

  it("sends numbers as typed and leaves range checks to the API; text that is no number stays here", () => {
    let draft = updateStage(draftFromPipeline(pipeline), "lead", { probability: "150", rotting_days: " 1 " });
    draft = updateStage(draft, "proposal", { probability: "" });
    draft = updateStage(draft, "negotiation", { rotting_days: "soon" });
    const { stages, issues } = stagesPayload(draft, ids(draft));
    expect(stages[0]).toMatchObject({ probability: 150, rotting_days: 1 });
    expect(issues).toEqual([
      { key: "proposal", field: "probability", code: "probability" },
      { key: "negotiation", field: "rotting_days", code: "rotting_days" },
    ]);
  });

  it("leads the API's field errors back to the row and input they name", () => {
    const draft = addStage(draftFromPipeline(pipeline), "new-1", "");
    const { issues, rest } = issuesFromProblem(draft, [
      { field: "stages.4.name" },
      { field: "stages.0.probability" },
      { field: "stages.1.id" },
      { field: "stages.2" },
      { field: "stages" },
      { field: "name" },
    ]);
    expect(issues).toEqual([
      { key: "new-1", field: "name", code: "name" },
      { key: "lead", field: "probability", code: "probability" },
      { key: "qualification", field: "name", code: "duplicate" },
      { key: "proposal", field: null, code: "list" },
      { key: null, field: null, code: "list" },
    ]);
    expect(rest).toEqual([{ field: "name" }]);
  });
});
