/**
 * A search term as a LIKE pattern that matches it anywhere, with LIKE's wildcards escaped so a
 * search for "50%" matches the text "50%" (PostgreSQL's default escape character is `\`).
 */
export const likeContains = (term: string): string => `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
