import { useQuery } from "@tanstack/react-query";
import { membersQuery } from "./members";

/** The workspace's members (owner pickers and filters, people's names on the timeline). */
export function useMembers() {
  return useQuery(membersQuery());
}
