import { monotonicFactory } from "ulid";

const ulid = monotonicFactory();

export const ID_PREFIX = {
  user: "usr",
  organization: "org",
  session: "ses",
  account: "acc",
  verification: "ver",
  member: "mem",
  invitation: "inv",
  rateLimit: "rl",
  deal: "deal",
  activity: "act",
  company: "comp",
  contact: "cont",
} as const;

export type IdKind = keyof typeof ID_PREFIX;

/** A prefixed, time-ordered id such as `deal_01JDX3...`. */
export function newId(kind: IdKind): string {
  return `${ID_PREFIX[kind]}_${ulid()}`;
}

const ULID_BODY = "[0-9A-HJKMNP-TV-Z]{26}";

/** A pattern matching ids of one kind; used by zod schemas so malformed ids fail validation. */
export function idPattern(kind: IdKind): RegExp {
  return new RegExp(`^${ID_PREFIX[kind]}_${ULID_BODY}$`);
}
