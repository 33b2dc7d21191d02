import { cn } from "@/lib/utils";

/**
 * A table of the manager view: a titled card whose table scrolls inside itself on a phone (and
 * takes keyboard focus so it can be scrolled without a pointer). Numeric columns align right.
 */
export function ReportTable({
  id,
  heading,
  columns,
  children,
}: {
  id: string;
  heading: string;
  columns: { label: string; numeric?: boolean }[];
  children: React.ReactNode;
}) {
  return (
    <section aria-labelledby={`${id}-heading`} className="min-w-0 rounded-lg border border-slate-200 bg-surface">
      <h2 id={`${id}-heading`} className="border-b border-slate-200 px-4 py-3 text-sm font-semibold">
        {heading}
      </h2>
      <div className="overflow-x-auto" tabIndex={0}>
        <table className="w-full text-sm">
          <thead>
            <tr className="border-b border-slate-100 text-left text-xs text-muted">
              {columns.map((column) => (
                <th key={column.label} scope="col" className={cn("px-4 py-2 font-medium", column.numeric && "text-right whitespace-nowrap")}>
                  {column.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">{children}</tbody>
        </table>
      </div>
    </section>
  );
}
