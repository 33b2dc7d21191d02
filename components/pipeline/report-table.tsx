import { cn } from "@/lib/utils";

export interface ReportColumn {
  label: string;
  /** Right-aligned and kept on one line: amounts and counts. */
  numeric?: boolean;
  /** Kept on one line: dates. */
  nowrap?: boolean;
}

/**
 * A table of the manager view: a titled card whose table scrolls inside itself on a phone (and
 * takes keyboard focus so it can be scrolled without a pointer). Numeric columns align right.
 * `badge` sits beside the heading (a count), `subtitle` under it (the period); with `empty` set,
 * the card says that sentence instead of showing a table with no rows; `footer` follows the table.
 */
export function ReportTable({
  id,
  heading,
  badge,
  subtitle,
  columns,
  empty,
  footer,
  children,
}: {
  id: string;
  heading: string;
  badge?: React.ReactNode;
  subtitle?: React.ReactNode;
  columns: ReportColumn[];
  empty?: string;
  footer?: React.ReactNode;
  children: React.ReactNode;
}) {
  return (
    <section aria-labelledby={`${id}-heading`} className="min-w-0 rounded-lg border border-slate-200 bg-surface">
      <div className="border-b border-slate-200 px-4 py-3">
        <div className="flex items-baseline gap-2">
          <h2 id={`${id}-heading`} className="text-sm font-semibold">
            {heading}
          </h2>
          {badge}
        </div>
        {subtitle ? <p className="text-xs text-muted">{subtitle}</p> : null}
      </div>
      {empty ? (
        <p className="px-4 py-8 text-center text-sm text-muted">{empty}</p>
      ) : (
        <div className="overflow-x-auto" tabIndex={0}>
          <table className="w-full text-sm">
            <thead>
              <tr className="border-b border-slate-100 text-left text-xs text-muted">
                {columns.map((column) => (
                  <th
                    key={column.label}
                    scope="col"
                    className={cn("px-4 py-2 font-medium", column.numeric && "text-right", (column.numeric || column.nowrap) && "whitespace-nowrap")}
                  >
                    {column.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">{children}</tbody>
          </table>
          {footer ? <div className="border-t border-slate-100 px-4 py-2">{footer}</div> : null}
        </div>
      )}
    </section>
  );
}
