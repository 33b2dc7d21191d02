import { SearchX } from "lucide-react";
import Link from "next/link";
import { Button } from "@/components/ui/button";

export default function DealNotFound() {
  return (
    <main className="flex flex-1 items-center justify-center p-8">
      <div className="max-w-md text-center">
        <SearchX className="mx-auto h-10 w-10 text-slate-300" aria-hidden />
        <h1 className="mt-3 text-lg font-semibold">Deal not found</h1>
        <p className="mt-1 text-sm text-muted">It may have been removed, or the link belongs to another workspace.</p>
        <div className="mt-4 flex justify-center gap-2">
          <Button asChild>
            <Link href="/deals">All deals</Link>
          </Button>
          <Button variant="secondary" asChild>
            <Link href="/board">Board</Link>
          </Button>
        </div>
      </div>
    </main>
  );
}
