"use client";

import { organizationClient } from "better-auth/client/plugins";
import { createAuthClient } from "better-auth/react";

/** The browser's better-auth client: same-origin, cookie sessions. */
export const authClient = createAuthClient({ plugins: [organizationClient()] });
