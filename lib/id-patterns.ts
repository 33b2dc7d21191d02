/** Id prefixes and patterns, free of generator code so browser bundles can use them. */
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
  mail: "mail",
  pipeline: "pipe",
  apiKey: "key",
  application: "app",
  import: "imp",
} as const;

export type IdKind = keyof typeof ID_PREFIX;

const ULID_BODY = "[0-9A-HJKMNP-TV-Z]{26}";

/** A pattern matching ids of one kind; zod schemas use it so malformed ids fail validation. */
export function idPattern(kind: IdKind): RegExp {
  return new RegExp(`^${ID_PREFIX[kind]}_${ULID_BODY}$`);
}
