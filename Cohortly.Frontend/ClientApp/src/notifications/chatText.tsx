import type { ComponentChildren } from 'preact';

/** http(s) links only: other schemes (javascript:, data:) stay plain text. */
const LINK = /\bhttps?:\/\/[^\s<>"']+/gi;
/** Punctuation that ends a sentence rather than the link ("see https://example.com."). */
const TRAILING = /[.,;:!?)\]}'"]+$/;

/**
 * A chat message's text with its links clickable (opened in a new tab, without access to this page) and the reader's
 * own @mentions highlighted. Everything else is text, never HTML.
 */
export function ChatText(props: { text: string; readerName: string | null }) {
  const parts: ComponentChildren[] = [];
  let last = 0;
  for (const match of props.text.matchAll(LINK)) {
    const start = match.index ?? 0;
    const raw = match[0];
    const url = raw.replace(TRAILING, '');
    parts.push(...mentions(props.text.slice(last, start), props.readerName, parts.length));
    parts.push(
      <a key={`link-${start}`} href={url} target="_blank" rel="noopener noreferrer" class="chat-link">
        {url}
      </a>,
    );
    last = start + url.length;
  }
  parts.push(...mentions(props.text.slice(last), props.readerName, parts.length));
  return <>{parts}</>;
}

function mentions(text: string, readerName: string | null, keyBase: number): ComponentChildren[] {
  const name = readerName?.trim();
  if (!text || !name) return text ? [text] : [];
  const mention = new RegExp(`@${escapeRegExp(name)}(?![\\p{L}\\p{N}])`, 'giu');
  const parts: ComponentChildren[] = [];
  let last = 0;
  for (const match of text.matchAll(mention)) {
    const start = match.index ?? 0;
    if (start > last) parts.push(text.slice(last, start));
    parts.push(
      <mark key={`mention-${keyBase}-${start}`} class="chat-mention" data-testid="chat-mention-of-me">
        {match[0]}
      </mark>,
    );
    last = start + match[0].length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return parts;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
