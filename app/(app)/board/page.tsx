import type { Metadata } from "next";
import { KanbanSquare } from "lucide-react";

export const metadata: Metadata = { title: "Board" };

export default function BoardPage() {
  return (
    <main className="flex flex-1 items-center justify-center p-8">
      <div className="max-w-md text-center">
        <KanbanSquare className="mx-auto h-10 w-10 text-slate-300" aria-hidden />
        <h1 className="mt-3 text-lg font-semibold">Your pipeline board</h1>
        <p className="mt-1 text-sm text-muted">No deals to show yet.</p>
      </div>
    </main>
  );
}
