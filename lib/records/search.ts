/**
 * A search term as a LIKE pattern that matches it anywhere, with LIKE's wildcards escaped so a
 * search for "50%" matches the text "50%" (PostgreSQL's default escape character is `\`).
 */
export const likeContains = (term: string): string => `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * Text folded for search, as the database's `search_fold(text)` folds it (migration
 * 2026-12-09T2000-deal-search-text): Unicode NFKC, so full-width and half-width forms and kana
 * width match ("ｃｏｎｔｏｓｏ" → "contoso", "ﾌｼﾞ" → "フジ"), then lower case. Two characters are
 * read the way PostgreSQL's `lower` reads them: "İ" as "I" (JavaScript lowers it to "i" with a
 * combining dot) and final sigma "ς" as "σ" (JavaScript chooses between them by position).
 */
export const foldSearch = (text: string): string =>
  text.normalize("NFKC").replace(/\u0130/g, "I").toLowerCase().replace(/\u03c2/g, "\u03c3");

/** A search term as a LIKE pattern over folded text (`search_fold`): folded first, then escaped. */
export const foldedLikeContains = (term: string): string => likeContains(foldSearch(term).trim());
