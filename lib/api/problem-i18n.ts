import { DEFAULT_LOCALE, type Locale, negotiateLocale } from "@/lib/i18n/config";

/**
 * problem+json in the client's language (docs/decisions/008-api-error-language.md). The `code`
 * is the contract and never changes; `Accept-Language: ja` turns the `title` (the status's name)
 * into Japanese, and the `detail` too for the codes whose sentence does not depend on the
 * request. Everything else (field names, `errors[].message`, details that quote the request)
 * stays English. The tables live here rather than in the UI catalogs: they belong to the API,
 * whose clients never load the app's messages.
 */

const TITLES_JA: Record<number, string> = {
  400: "不正なリクエスト",
  401: "認証が必要です",
  403: "権限がありません",
  404: "見つかりません",
  405: "許可されていないメソッド",
  406: "受け入れ可能な形式がありません",
  409: "競合",
  412: "前提条件の不一致",
  413: "リクエストが大きすぎます",
  415: "サポートされていないメディアタイプ",
  422: "処理できない内容",
  429: "リクエストが多すぎます",
  500: "サーバー内部エラー",
  501: "未実装",
  503: "サービス利用不可",
};

/** Details by code, for codes whose English sentence is fixed. `{requestId}` is filled in. */
const DETAILS_JA: Record<string, string> = {
  unauthorized: "ログインするか、有効な Bearer トークンを送信してください。",
  invalid_token: "セッションまたはトークンが無効か、有効期限が切れています。",
  no_active_tenant: "セッションに有効なワークスペースがありません。もう一度ログインするか、招待を承認してください。",
  forbidden: "この操作を行う権限がありません。",
  not_found: "指定されたリソースが見つかりません。",
  route_not_found: "このパスの API はありません。",
  validation_failed: "入力内容に誤りがあります。各項目の内容は errors を参照してください。",
  origin_not_allowed: "Cookie 認証での書き込みは、アプリと同じオリジンから送信する必要があります。連携には Bearer トークンを使ってください。",
  unsupported_media_type: "本文は Content-Type: application/json の UTF-8 JSON で送信してください。",
  invalid_json: "リクエスト本文が正しい JSON ではありません。",
  json_too_deep: "JSON の入れ子が深すぎます。",
  payload_too_large: "リクエスト本文が大きすぎます。",
  write_conflict: "同時に行われた別の書き込みと衝突しました。もう一度お試しください。",
  version_conflict: "ほかの人がこのレコードを先に変更しました。最新の内容を取得してから、もう一度お試しください。",
  api_key_not_allowed: "API キーで利用できるのは CRM の API（/api/v1/crm/*）だけです。アプリケーション単位のキーは取引・会社・連絡先だけを利用できます。",
  api_key_read_only: "この API キーは読み取り専用のため、書き込みはできません。",
  rate_limited: "リクエスト数がこの認証情報の上限を超えました。Retry-After の秒数が経ってから再試行してください。",
  service_unavailable: "データベースが一時的に利用できません。しばらくしてから、もう一度お試しください。",
  internal_error: "サーバー側で問題が発生しました。報告の際はリクエスト ID {requestId} をお伝えください。",
};

/** The language of an API answer: the best of ours in `Accept-Language`, else English. */
export function problemLocale(acceptLanguage: string | null | undefined): Locale {
  return negotiateLocale(acceptLanguage) ?? DEFAULT_LOCALE;
}

/** The title and detail of a problem in `locale`; English input comes back as it is for `en`. */
export function localizeProblem(
  locale: Locale | undefined,
  problem: { status: number; code: string; title: string; detail: string; requestId: string },
): { title: string; detail: string } {
  if (locale !== "ja") return { title: problem.title, detail: problem.detail };
  const detail = DETAILS_JA[problem.code];
  return {
    title: TITLES_JA[problem.status] ?? "エラー",
    detail: detail ? detail.replace("{requestId}", problem.requestId) : problem.detail,
  };
}
