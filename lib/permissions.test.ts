import { describe, expect, it } from "vitest";
import { type Actor, canInWorkspace, canManageMember, canOnDeal, canSeeDeal, DEAL_ACTIONS, type DealAction, seesAllDeals, WORKSPACE_ACTIONS } from "./permissions";

const ME = "usr_me";
const COLLEAGUE = "usr_colleague";
const deals = { own: { assigned_member_id: ME }, colleagues: { assigned_member_id: COLLEAGUE }, unassigned: { assigned_member_id: null } };
type Whose = keyof typeof deals;

/**
 * The rules written out as a table, independently of the module's code: for each visibility, role
 * and whose deal, the actions allowed. Anything not listed is refused.
 */
const ALL: DealAction[] = [...DEAL_ACTIONS];
const COLLABORATE: DealAction[] = ["read", "edit", "move", "comment"];
const EXPECTED: Record<"all" | "own", Record<"rep" | "manager", Record<Whose, DealAction[]>>> = {
  all: {
    rep: { own: ALL, colleagues: COLLABORATE, unassigned: COLLABORATE },
    manager: { own: ALL, colleagues: ALL, unassigned: ALL },
  },
  own: {
    rep: { own: ALL, colleagues: [], unassigned: [] },
    manager: { own: ALL, colleagues: ALL, unassigned: ALL },
  },
};

describe("deal permissions", () => {
  for (const visibility of ["all", "own"] as const) {
    for (const role of ["rep", "manager"] as const) {
      const actor: Actor = { userId: ME, isManager: role === "manager", dealVisibility: visibility };
      for (const whose of Object.keys(deals) as Whose[]) {
        it(`visibility ${visibility}, ${role}, ${whose} deal: ${EXPECTED[visibility][role][whose].join(", ") || "nothing"}`, () => {
          const allowed = DEAL_ACTIONS.filter((action) => canOnDeal(actor, action, deals[whose]));
          expect(allowed).toEqual(EXPECTED[visibility][role][whose]);
          expect(canSeeDeal(actor, deals[whose])).toBe(allowed.includes("read"));
        });
      }
    }
  }

  it("lets managers see every deal whatever the setting, reps only under `all`", () => {
    expect(seesAllDeals({ isManager: true, dealVisibility: "own" })).toBe(true);
    expect(seesAllDeals({ isManager: false, dealVisibility: "all" })).toBe(true);
    expect(seesAllDeals({ isManager: false, dealVisibility: "own" })).toBe(false);
  });

  it("keeps workspace actions for managers", () => {
    for (const action of WORKSPACE_ACTIONS) {
      expect(canInWorkspace({ isManager: true }, action)).toBe(true);
      expect(canInWorkspace({ isManager: false }, action)).toBe(false);
    }
  });
});

describe("canManageMember", () => {
  const owner = { userId: "u1", role: "owner", isManager: true };
  const admin = { userId: "u2", role: "admin", isManager: true };
  const rep = { userId: "u3", role: "member", isManager: false };
  it("lets managers change and remove others, never themselves, and only owners touch owners", () => {
    expect(canManageMember(owner, rep, "remove")).toBe(true);
    expect(canManageMember(owner, admin, "change_role")).toBe(true);
    expect(canManageMember(admin, rep, "change_role")).toBe(true);
    expect(canManageMember(admin, owner, "remove")).toBe(false);
    expect(canManageMember(owner, { userId: "u9", role: "owner" }, "change_role")).toBe(true);
    expect(canManageMember(owner, owner, "remove")).toBe(false);
    expect(canManageMember(rep, { userId: "u4", role: "member" }, "remove")).toBe(false);
  });
});
