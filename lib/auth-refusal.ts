/**
 * better-auth's client answers a refusal (a wrong password, no permission) as `{ error }` instead
 * of throwing. Code that treats every failure alike (a form's one error line) throws it instead,
 * keeping better-auth's `code` to tell the refusals apart.
 */
export class AuthRefusal extends Error {
  constructor(
    readonly code: string | undefined,
    message = "Refused",
  ) {
    super(message);
    this.name = "AuthRefusal";
  }
}

/** Awaits a better-auth client call; resolves to its answer, or throws its refusal as an AuthRefusal. */
export async function refusalThrown<R extends { error: { code?: string; message?: string } | null }>(call: Promise<R>): Promise<R> {
  const result = await call;
  if (result.error) throw new AuthRefusal(result.error.code, result.error.message);
  return result;
}
