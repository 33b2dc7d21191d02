const CJK = /[\u3040-\u30FF\u3400-\u9FFF\uF900-\uFAFF]/;

/**
 * A person's display name in the order their language writes it: Japanese (CJK) names family
 * name first ("鈴木 花子"), others given name first ("Emily Carter"). Mirrors SQL `person_name()`.
 */
export function personName(first: string | null | undefined, last: string | null | undefined): string {
  const f = (first ?? "").trim();
  const l = (last ?? "").trim();
  return (CJK.test(f + l) ? [l, f] : [f, l]).filter(Boolean).join(" ");
}
