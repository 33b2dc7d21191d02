/**
 * Rows ↔ wire values for versioned records (companies, contacts): the stamps every record
 * carries, and blank optional text stored as null.
 */

interface StampColumns {
  created_at: Date | string;
  updated_at: Date | string;
  created_by: string | null;
  updated_by: string | null;
  is_deleted: boolean;
  deleted_at: Date | string | null;
  deleted_by: string | null;
  version: number;
}

const iso = (d: Date | string): string => new Date(d).toISOString();

/** A row's stamps as the wire shows them (`recordStamps` in lib/records/schema.ts). */
export function wireStamps(row: StampColumns) {
  return {
    created_at: iso(row.created_at),
    updated_at: iso(row.updated_at),
    created_by: row.created_by,
    updated_by: row.updated_by,
    is_deleted: row.is_deleted,
    deleted_at: row.deleted_at === null ? null : iso(row.deleted_at),
    deleted_by: row.deleted_by,
    version: row.version,
  };
}

/** Blank optional strings are stored as null; `required` (the record's name field) stays as sent, for its schema to have refused. */
export function blankToNull<T extends Record<string, unknown>>(input: T, required: keyof T): T {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) out[key] = value === "" && key !== required ? null : value;
  return out as T;
}
