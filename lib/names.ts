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

/**
 * The letters an avatar shows for a display name. A Japanese name is written family name first,
 * and people go by it: its first two characters ("田中 太郎" → "田中", "ヤマダ タロウ" → "ヤマ"),
 * never a letter of one word beside a character of another ("Y田") or a family and given name
 * squeezed together ("田太"). Other names: the first letters of the first and last words
 * ("Emily Carter" → "EC"), or the first two of a single word.
 */
export function initials(name: string | null | undefined): string {
  const parts = (name ?? "").trim().split(/\s+/).filter(Boolean);
  if (parts.length === 0) return "?";
  const cjkPart = parts.find((part) => CJK.test(part));
  if (cjkPart) return Array.from(cjkPart.replace(/[^\u3040-\u30FF\u3400-\u9FFF\uF900-\uFAFF]/g, "")).slice(0, 2).join("");
  if (parts.length === 1) return Array.from(parts[0]).slice(0, 2).join("").toUpperCase();
  return (Array.from(parts[0])[0] + Array.from(parts[parts.length - 1])[0]).toUpperCase();
}

const collators = new Map<string, Intl.Collator>();

/**
 * A comparator that sorts names as the language does (`Intl.Collator`): in Japanese, kana in
 * gojūon order; case and accents do not split names apart ("émile" beside "Emily"), and digits
 * sort by value ("Rep 2" before "Rep 10").
 */
export function compareNames(locale = "en-US"): (a: string | null | undefined, b: string | null | undefined) => number {
  let collator = collators.get(locale);
  if (!collator) {
    collator = new Intl.Collator(locale, { sensitivity: "base", numeric: true });
    collators.set(locale, collator);
  }
  const c = collator;
  return (a, b) => c.compare(a ?? "", b ?? "");
}

/**
 * A name typed in one box as first and last name, the inverse of `personName`: a Japanese name
 * is family name first ("鈴木 花子" → last 鈴木, first 花子), others family name last ("Emily
 * Carter"). One word is a first name only (a contact needs one; the last name is optional).
 */
export function splitPersonName(typed: string): { first_name: string; last_name: string | null } {
  const parts = typed.trim().split(/\s+/).filter(Boolean);
  if (parts.length <= 1) return { first_name: parts[0] ?? "", last_name: null };
  if (CJK.test(typed)) return { first_name: parts.slice(1).join(" "), last_name: parts[0] };
  return { first_name: parts.slice(0, -1).join(" "), last_name: parts[parts.length - 1] };
}
