import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import i18next from "eslint-plugin-i18next";

// Attributes that carry code, not words a person reads.
const TECHNICAL_ATTRIBUTES = [
  "className", ".*ClassName", "style", "type", "key", "id", "width", "height", "href", "src", "rel", "target", "role", "variant", "size",
  "side", "align", "sideOffset", "name", "htmlFor", "autoComplete", "inputMode", "pattern", "method", "action", "d", "viewBox",
  "fill", "stroke", "strokeWidth", "strokeLinecap", "strokeLinejoin", "xmlns", "dateTime", "lang", "dir", "mode", "as",
  "data-.*", "aria-hidden", "aria-live", "aria-current", "aria-haspopup", "aria-expanded", "aria-controls", "aria-describedby",
  "aria-labelledby", "aria-orientation", "aria-sort", "aria-invalid", "aria-busy", "aria-atomic", "aria-relevant", "form", "accept",
  "enterKeyHint", "loading", "decoding", "sizes", "media", "scope", "headers", "colSpan", "rowSpan", "defaultValue", "value",
  "tabIndex", "step", "min", "max", "orientation", "position", "collisionPadding", "asChild", "testId", "prefetch", "scroll",
  "replace", "method", "encType", "spellCheck", "translate", "autoCapitalize", "autoCorrect", "capture", "download", "layout",
  "dataKey", "stackId", "tickFormatter", "tick", "radius", "cursor", "strokeDasharray", "interval", "textAnchor", "dominantBaseline",
  "fontSize", "margin", "currency", "locale", "sortKey", "field", "icon", "tone", "kind", "inputKind", "state",
];

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: [".next/**", ".next-*/**", "node_modules/**", ".data/**", "test-results/**", "playwright-report/**", "bench/results/**", "next-env.d.ts"],
  },
  {
    // Playwright fixtures call `use`, which is not React's hook.
    files: ["e2e/**/*.ts"],
    rules: { "react-hooks/rules-of-hooks": "off" },
  },
  {
    // Every word a person reads comes from the message catalogs (messages/, lib/i18n): JSX text,
    // readable attributes (aria-label, title, placeholder, alt…) and toasts.
    files: ["app/**/*.tsx", "components/**/*.{ts,tsx}", "lib/queries/**/*.ts"],
    plugins: { i18next },
    rules: {
      "i18next/no-literal-string": [
        "error",
        { mode: "jsx-only", "jsx-attributes": { exclude: TECHNICAL_ATTRIBUTES }, words: { exclude: ["[0-9!-/:-@[-`{-~\\s·—–…→←↑↓×✓]+", "[A-Z_-]+"] } },
      ],
      "no-restricted-syntax": [
        "error",
        { selector: "CallExpression[callee.name='toast'] > Literal:first-child, CallExpression[callee.object.name='toast'] > Literal:first-child", message: "Toasts speak the user's language: take the text from the catalogs." },
        { selector: "CallExpression[callee.name='toast'] > TemplateLiteral:first-child, CallExpression[callee.object.name='toast'] > TemplateLiteral:first-child", message: "Toasts speak the user's language: take the text from the catalogs." },
      ],
    },
  },
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" }],
    },
  },
];

export default config;
