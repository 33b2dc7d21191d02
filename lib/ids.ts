import { monotonicFactory } from "ulid";
import { ID_PREFIX, type IdKind } from "./id-patterns";

export { ID_PREFIX, idPattern, type IdKind } from "./id-patterns";

const ulid = monotonicFactory();

/** A prefixed, time-ordered id such as `deal_01JDX3...`. */
export function newId(kind: IdKind): string {
  return `${ID_PREFIX[kind]}_${ulid()}`;
}
