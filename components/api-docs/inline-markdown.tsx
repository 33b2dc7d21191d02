import { Fragment } from "react";

/**
 * Renders the document's descriptions: `code`, **bold** and paragraphs; everything else as text.
 * `inline` renders into a span (for table cells and sentences).
 */
export function InlineMarkdown({ text, inline = false }: { text: string; inline?: boolean }) {
  const paragraphs = inline ? [text] : text.split(/\n{2,}/);
  const Block = inline ? "span" : "p";
  return (
    <>
      {paragraphs.map((p, i) => (
        <Block key={i} className={inline ? undefined : "mt-2 first:mt-0"}>
          {p.split(/(`[^`]+`|\*\*[^*]+\*\*)/g).map((part, j) =>
            part.startsWith("`") && part.endsWith("`") && part.length > 1 ? (
              <code key={j} className="rounded bg-slate-100 px-1 py-0.5 font-mono text-[0.85em] text-slate-800">
                {part.slice(1, -1)}
              </code>
            ) : part.startsWith("**") && part.endsWith("**") && part.length > 4 ? (
              <strong key={j} className="font-semibold text-slate-900">
                {part.slice(2, -2)}
              </strong>
            ) : (
              <Fragment key={j}>{part}</Fragment>
            ),
          )}
        </Block>
      ))}
    </>
  );
}
