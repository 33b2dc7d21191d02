import { type APIRequestContext, type APIResponse, test as base, type Browser, type BrowserContext, expect, type Page } from "@playwright/test";
import { randomBytes } from "node:crypto";

/**
 * Fixtures: every test gets its own freshly signed-up user (its own tenant, so tests never
 * see each other's data), a page already signed in as that user (cookie set directly, no
 * typing into the login form), and an API client authenticated by Bearer token.
 */
export interface E2EUser {
  email: string;
  password: string;
  name: string;
  userId: string;
  token: string;
  tenantId: string;
}

export const DEMO = { email: "mika@demo.pipeline.test", password: "pipeline-demo" };

export async function signUpViaApi(request: APIRequestContext, baseURL: string, name = "Riko Ishida"): Promise<E2EUser & { cookie: string }> {
  const email = `e2e-${randomBytes(5).toString("hex")}@example.test`;
  const password = "e2e-password-123";
  const res = await request.post("/api/auth/sign-up/email", {
    data: { email, password, name },
    headers: { origin: baseURL },
  });
  expect(res.status(), await res.text()).toBe(200);
  const token = res.headers()["set-auth-token"];
  const cookie = sessionCookie(res);
  const me = await (await request.get("/api/v1/me", { headers: { authorization: `Bearer ${token}` } })).json();
  return { email, password, name, userId: me.user.id, tenantId: me.tenant.id, token, cookie };
}

/** The session cookie's value from a better-auth sign-in or sign-up answer. */
function sessionCookie(res: APIResponse): string {
  const header = res.headersArray().find((h) => h.name.toLowerCase() === "set-cookie" && h.value.startsWith("better-auth.session_token="))!;
  return header.value.split(";")[0].split("=").slice(1).join("=");
}

/** Signs in through the auth API and puts the session cookie on the page; returns the bearer token. */
export async function signInAs(page: Page, request: APIRequestContext, baseURL: string, who: { email: string; password: string }): Promise<string> {
  const res = await request.post("/api/auth/sign-in/email", { data: who, headers: { origin: baseURL } });
  expect(res.status()).toBe(200);
  await signInPage(page, baseURL, sessionCookie(res));
  return res.headers()["set-auth-token"];
}

/** Screenshots of a page at desktop and phone widths, into e2e/artifacts/. */
export async function shoot(page: Page, name: string) {
  for (const [width, height] of [
    [1440, 900],
    [390, 844],
  ]) {
    await page.setViewportSize({ width, height });
    await page.screenshot({ path: `e2e/artifacts/${name}-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1440, height: 900 });
}

export async function signInPage(page: Page, baseURL: string, cookieValue: string): Promise<void> {
  await page.context().addCookies([
    { name: "better-auth.session_token", value: cookieValue, url: baseURL, httpOnly: true, sameSite: "Lax" },
  ]);
}

/**
 * `rep` joins `manager`'s workspace as a person does: invited, the address confirmed through the
 * link mailed at sign-up (from the server's log), the invitation accepted with its link's secret.
 */
export async function joinByInvitation(request: APIRequestContext, baseURL: string, manager: E2EUser, rep: E2EUser, role: "member" | "admin" = "member") {
  const { waitForMail } = await import("./mail");
  // The request context also holds sign-up cookies, so better-auth wants the app's origin.
  const headers = (user: E2EUser) => ({ authorization: `Bearer ${user.token}`, origin: baseURL });
  const invite = await request.post("/api/auth/organization/invite-member", { headers: headers(manager), data: { email: rep.email, role, organizationId: manager.tenantId } });
  expect(invite.status(), await invite.text()).toBe(200);
  const invitation = (await invite.json()) as { id: string; link: string };
  const confirm = await waitForMail(rep.email, "verify-email");
  expect((await request.get(confirm.link, { maxRedirects: 0 })).status()).toBe(302);
  const token = new URL(invitation.link).searchParams.get("token");
  const accept = await request.post("/api/auth/organization/accept-invitation", { headers: headers(rep), data: { invitationId: invitation.id, token } });
  expect(accept.status(), await accept.text()).toBe(200);
}

/** A manager with their own workspace and a rep who has joined it by invitation, each with a session to sign a page in with. */
export async function managerAndRep(request: APIRequestContext, baseURL: string, names: { manager: string; rep: string }, role: "member" | "admin" = "member") {
  const manager = await signUpViaApi(request, baseURL, names.manager);
  const rep = await signUpViaApi(request, baseURL, names.rep);
  await joinByInvitation(request, baseURL, manager, rep, role);
  return { manager, rep };
}

/**
 * A browser context as a person in `locale` sees the app at `width` px: a phone (under 600 px)
 * is 844 px tall and has touch, a desktop 900 px tall.
 */
export function contextAt(browser: Browser, baseURL: string, locale: string, width: number): Promise<BrowserContext> {
  const phone = width < 600;
  return browser.newContext({ baseURL, locale, viewport: { width, height: phone ? 844 : 900 }, ...(phone ? { hasTouch: true } : {}) });
}

/** The sign-up form's fields and button, in the page's language. */
export const SIGN_UP_FORM = {
  en: { name: "Name", email: "Email", password: "Password", submit: "Create account" },
  ja: { name: "氏名", email: "メールアドレス", password: "パスワード", submit: "アカウントを作成" },
} as const;

/** Signs a new person up through the form at /signup, as a visitor does, and waits for the board it lands on. */
export async function signUpThroughForm(page: Page, who: { name: string; email: string; password: string }, lang: keyof typeof SIGN_UP_FORM = "en") {
  const form = SIGN_UP_FORM[lang];
  await page.goto("/signup");
  await page.getByLabel(form.name).fill(who.name);
  await page.getByLabel(form.email).fill(who.email);
  await page.getByLabel(form.password).fill(who.password);
  await page.getByRole("button", { name: form.submit }).click();
  await expect(page).toHaveURL(/\/board$/);
}

/** A tiny Bearer-authenticated API client for arranging data. */
export function apiClient(request: APIRequestContext, token: string) {
  const headers = { authorization: `Bearer ${token}` };
  const call = async (method: "get" | "post" | "patch" | "delete", url: string, data?: unknown, extra: Record<string, string> = {}) => {
    const res = await request[method](url, { headers: { ...headers, ...extra }, data });
    const text = await res.text();
    return { status: res.status(), body: text ? JSON.parse(text) : undefined, headers: res.headers() };
  };
  return {
    get: (url: string) => call("get", url),
    post: (url: string, data?: unknown, extra?: Record<string, string>) => call("post", url, data ?? {}, extra),
    patch: (url: string, data?: unknown, extra?: Record<string, string>) => call("patch", url, data ?? {}, extra),
    delete: (url: string) => call("delete", url),
  };
}

export type ApiClient = ReturnType<typeof apiClient>;

/** A deal as the API answers it, with the fields specs usually read; pass a wider type to read more. */
export interface WireDeal {
  id: string;
  name: string;
  version: number;
  deal_number: string;
  amount: number | null;
}

/** Creates a deal through the API (201 expected) and returns it. */
export async function createDeal<T = WireDeal>(api: ApiClient, input: Record<string, unknown>): Promise<T> {
  const res = await api.post("/api/v1/crm/deals", input);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.deal as T;
}

export const test = base.extend<{ user: E2EUser; authedPage: Page; api: ReturnType<typeof apiClient> }>({
  user: async ({ request, baseURL }, use) => {
    const { cookie: _cookie, ...user } = await signUpViaApi(request, baseURL!);
    await use(user);
  },
  authedPage: async ({ page, request, baseURL }, use, testInfo) => {
    void testInfo;
    const u = await signUpViaApi(request, baseURL!);
    await signInPage(page, baseURL!, u.cookie);
    (page as Page & { e2eUser?: E2EUser }).e2eUser = u;
    await use(page);
  },
  api: async ({ request, authedPage }, use) => {
    const u = (authedPage as Page & { e2eUser?: E2EUser }).e2eUser!;
    await use(apiClient(request, u.token));
  },
});

export { expect };
