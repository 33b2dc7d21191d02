/**
 * What a CSV import can fill in, per kind of record, and how a file's headers are matched to it.
 * Pure (no database, no Node APIs): the import page offers the same fields the server maps.
 *
 * A header matches a field when, lower-cased and with spaces, underscores, hyphens and dots
 * removed, it equals one of the field's names in English or Japanese. The export writes headers
 * that match here, so an exported file imports with no mapping to change.
 */

export const IMPORT_ENTITIES = ["deals", "companies", "contacts"] as const;
export type ImportEntity = (typeof IMPORT_ENTITIES)[number];

export interface ImportField {
  /** The field's key in a mapping. */
  key: string;
  /** Header spellings that select it, English and Japanese. */
  names: readonly string[];
  required?: boolean;
}

const DEAL_FIELDS: readonly ImportField[] = [
  { key: "name", names: ["name", "deal", "deal name", "title", "案件名", "商談名", "取引名", "案件"], required: true },
  { key: "amount", names: ["amount", "value", "deal value", "金額", "見込金額", "受注金額", "売上"] },
  { key: "currency", names: ["currency", "通貨"] },
  { key: "stage", names: ["stage", "status", "ステージ", "段階", "フェーズ"] },
  { key: "pipeline", names: ["pipeline", "パイプライン"] },
  { key: "probability", names: ["probability", "probability %", "win probability", "確度", "受注確度", "確率"] },
  { key: "company", names: ["company", "company name", "organization", "org", "account", "会社", "会社名", "企業名", "取引先", "取引先名"] },
  { key: "contact", names: ["contact", "contact name", "person", "担当者", "担当者名", "連絡先", "顧客担当者"] },
  { key: "contact_email", names: ["contact email", "email", "e-mail", "メール", "メールアドレス", "担当者メール"] },
  { key: "owner", names: ["owner", "assigned to", "sales rep", "rep", "担当", "営業担当", "担当営業", "オーナー"] },
  { key: "expected_close_date", names: ["expected close date", "close date", "expected close", "完了予定日", "受注予定日", "クローズ予定日"] },
  { key: "next_followup_date", names: ["next follow-up", "next followup date", "follow-up date", "次回フォロー日"] },
  { key: "deal_source", names: ["deal source", "lead source", "source", "流入元", "リードソース"] },
  { key: "deal_type", names: ["deal type", "type", "種別", "案件種別"] },
  { key: "tags", names: ["tags", "labels", "タグ"] },
  { key: "lost_reason", names: ["lost reason", "失注理由"] },
  { key: "note", names: ["note", "notes", "memo", "description", "メモ", "備考", "説明"] },
];

const COMPANY_FIELDS: readonly ImportField[] = [
  { key: "name", names: ["name", "company", "company name", "organization", "会社", "会社名", "企業名", "取引先名"], required: true },
  { key: "domain", names: ["domain", "ドメイン"] },
  { key: "industry", names: ["industry", "業種", "業界"] },
  { key: "phone", names: ["phone", "telephone", "tel", "電話", "電話番号"] },
  { key: "website", names: ["website", "url", "web", "ウェブサイト", "ホームページ", "サイト"] },
  { key: "address", names: ["address", "住所", "所在地"] },
  { key: "note", names: ["note", "notes", "memo", "description", "メモ", "備考"] },
];

const CONTACT_FIELDS: readonly ImportField[] = [
  { key: "first_name", names: ["first name", "given name", "firstname", "名", "下の名前"], required: true },
  { key: "last_name", names: ["last name", "family name", "surname", "lastname", "姓", "名字", "苗字"] },
  { key: "full_name", names: ["name", "full name", "contact", "contact name", "氏名", "名前", "担当者名"] },
  { key: "email", names: ["email", "e-mail", "email address", "メール", "メールアドレス"] },
  { key: "phone", names: ["phone", "telephone", "mobile", "tel", "電話", "電話番号", "携帯"] },
  { key: "title", names: ["title", "job title", "position", "役職", "肩書"] },
  { key: "company", names: ["company", "company name", "organization", "会社", "会社名", "企業名", "取引先名"] },
  { key: "note", names: ["note", "notes", "memo", "メモ", "備考"] },
];

export const IMPORT_FIELDS: Record<ImportEntity, readonly ImportField[]> = {
  deals: DEAL_FIELDS,
  companies: COMPANY_FIELDS,
  contacts: CONTACT_FIELDS,
};

/** Column index → field key (or null: the column is not imported). */
export type ImportMapping = (string | null)[];

const normalize = (header: string) => header.normalize("NFKC").toLowerCase().replace(/[\s_.\-・]/g, "");

/** The field each header selects; a field is taken by its first matching column only. */
export function autoMap(entity: ImportEntity, headers: readonly string[]): ImportMapping {
  const byName = new Map<string, string>();
  for (const field of IMPORT_FIELDS[entity]) {
    for (const name of field.names) if (!byName.has(normalize(name))) byName.set(normalize(name), field.key);
  }
  const taken = new Set<string>();
  return headers.map((header) => {
    const key = byName.get(normalize(header));
    if (!key || taken.has(key)) return null;
    taken.add(key);
    return key;
  });
}

/** Fields the mapping must give a column: a deal's name; a company's name; a contact's first or full name. */
export function missingRequiredFields(entity: ImportEntity, mapping: ImportMapping): string[] {
  const mapped = new Set(mapping.filter((k): k is string => k !== null));
  if (entity === "contacts") return mapped.has("first_name") || mapped.has("full_name") ? [] : ["first_name"];
  return IMPORT_FIELDS[entity].filter((f) => f.required && !mapped.has(f.key)).map((f) => f.key);
}
