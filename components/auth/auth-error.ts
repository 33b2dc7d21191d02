/**
 * better-auth answers with an English `message` and a stable `code`: the forms show the code's
 * sentence from the `auth` catalog, in the page's language, and a generic one for codes they do
 * not know (the English message would be the only English on a Japanese page).
 */
type Translate = (key: string, values?: Record<string, string | number>) => string;

export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_LENGTH = 128;

export function authErrorMessage(t: Translate, error: { status?: number; code?: string } | null | undefined, retryAfter?: string | null): string {
  if (!error) return t("errors.generic");
  if (error.status === 429) return tooManyAttempts(t, retryAfter ?? null);
  switch (error.code) {
    case "INVALID_EMAIL_OR_PASSWORD":
    case "INVALID_PASSWORD":
    case "CREDENTIAL_ACCOUNT_NOT_FOUND":
      return t("errors.invalidCredentials");
    case "USER_ALREADY_EXISTS":
    case "USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL":
      return t("errors.userExists");
    case "INVALID_EMAIL":
      return t("errors.invalidEmail");
    case "PASSWORD_TOO_SHORT":
      return t("errors.passwordTooShort", { min: MIN_PASSWORD_LENGTH });
    case "PASSWORD_TOO_LONG":
      return t("errors.passwordTooLong", { max: MAX_PASSWORD_LENGTH });
    default:
      return t("errors.generic");
  }
}

export function tooManyAttempts(t: Translate, retryAfter: string | null): string {
  const seconds = Number(retryAfter);
  if (!retryAfter || !Number.isFinite(seconds) || seconds <= 0) return t("errors.tooManyAttempts");
  return seconds < 90 ? t("errors.tooManyAttemptsSeconds", { seconds: Math.ceil(seconds) }) : t("errors.tooManyAttemptsMinutes", { minutes: Math.ceil(seconds / 60) });
}
