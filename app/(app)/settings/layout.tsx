import { SettingsNav } from "@/components/team/settings-nav";

/** The settings pages share their width and tabs (team, pipelines, profile). */
export default function SettingsLayout({ children }: { children: React.ReactNode }) {
  return (
    <main className="mx-auto w-full max-w-3xl space-y-6 p-4 sm:p-6">
      <SettingsNav />
      {children}
    </main>
  );
}
