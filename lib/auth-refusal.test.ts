import { describe, expect, it } from "vitest";
import { AuthRefusal, refusalThrown } from "./auth-refusal";

describe("refusalThrown", () => {
  it("resolves to the answer when better-auth accepted the call", async () => {
    const answer = { data: { id: "org_1" }, error: null };
    await expect(refusalThrown(Promise.resolve(answer))).resolves.toBe(answer);
  });

  it("throws the refusal with better-auth's code and message", async () => {
    const refused = refusalThrown(Promise.resolve({ data: null, error: { code: "INVALID_PASSWORD", message: "Invalid password", status: 400 } }));
    await expect(refused).rejects.toBeInstanceOf(AuthRefusal);
    await expect(refused).rejects.toMatchObject({ code: "INVALID_PASSWORD", message: "Invalid password" });
  });

  it("throws a refusal without a code as one with none", async () => {
    const error: { code?: string; message?: string; status: number } = { status: 500 };
    await expect(refusalThrown(Promise.resolve({ data: null, error }))).rejects.toMatchObject({ code: undefined, message: "Refused" });
  });

  it("lets a failure to reach the server through as it was", async () => {
    const offline = new TypeError("Failed to fetch");
    await expect(refusalThrown(Promise.reject(offline))).rejects.toBe(offline);
  });
});
