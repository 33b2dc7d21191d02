import { useQuery } from "@tanstack/react-query";
import { meQuery } from "./me";

/** The signed-in person, for permission checks (lib/permissions.ts) and defaults. */
export function useMe() {
  return useQuery(meQuery());
}
